import type { NextFunction, Request, Response } from 'express'
import { deviceCookieName, hashingSaturated } from '../modules/auth/queries.server'

// Under a flood of guesses the expensive part of a refused sign-in is no longer the hash (the gate sheds it)
// but rendering the page that says so (~10 ms). While the hashing queue for unknown devices is full, a sign-in
// without a device cookie is answered here, before Remix, in well under a millisecond. Known devices pass.
export function loginShield(req: Request, res: Response, next: NextFunction) {
  if (!hashingSaturated() || (req.headers.cookie ?? '').includes(`${deviceCookieName()}=`)) return next()
  res
    .status(503)
    .set('Retry-After', '2')
    .type('text/html')
    .send(
      '<!doctype html><html lang="ru"><meta charset="utf-8"><title>Вход перегружен · Sign-in busy</title>' +
        '<p>Сервис входа сейчас перегружен. Повторите через несколько секунд.</p>' +
        '<p lang="en">Sign-in is busy right now. Please try again in a few seconds.</p><p><a href="/login">←</a></p></html>',
    )
}
