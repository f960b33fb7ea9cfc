import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { formatMonth, formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { honourBoard, honourCategories } from '../modules/sarm/honour.server'
import { businessClock } from '../utils/clock.server'

// The honour board: the month's top assistants across the network, by confirmed sales net of returns. A photo
// shows only while its owner's consent stands. Built for a phone first: a list of cards, not a wide table.

const Query = z.object({
  month: z
    .string()
    .regex(/^20\d{2}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
  category: z.string().uuid().optional().catch(undefined),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'read:honour_board:org')
  const q = Query.parse(Object.fromEntries(new URL(request.url).searchParams))
  const { today } = await businessClock()
  const month = q.month ?? today.slice(0, 7)
  const [rows, categories] = await Promise.all([honourBoard({ month, categoryId: q.category ?? null }), honourCategories()])
  return json({ month, category: q.category ?? '', rows, categories })
}

export default function HonourBoardPage() {
  const { month, category, rows, categories } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  return (
    <section aria-labelledby="honour-title" className="sarm-learning">
      <h1 id="honour-title">{t('sarm.honour.title')}</h1>
      <p className="hint">{t('sarm.honour.explain')}</p>
      <Form method="get" className="filters" role="search">
        <label>
          {t('sarm.honour.month')} <input type="month" name="month" defaultValue={month} />
        </label>
        <label>
          {t('sarm.honour.category')}{' '}
          <select name="category" defaultValue={category}>
            <option value="">{t('sarm.honour.allCategories')}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {locale === 'ru' ? c.nameRu : c.nameEn}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('sarm.honour.show')}</button>
      </Form>
      <h2>{formatMonth(locale, month)}</h2>
      {rows.length ? (
        <ol className="honour-list">
          {rows.map((r, i) => (
            <li key={r.userId} className="card honour-card">
              <span className="honour-rank" aria-label={t('sarm.honour.rank', { rank: i + 1 })}>
                {i + 1}
              </span>
              {r.hasPhoto ? (
                <img src={`/honour/photo/${r.userId}`} alt={r.name} className="honour-photo" width={64} height={64} loading="lazy" />
              ) : (
                <span className="honour-photo honour-initial" aria-hidden="true">
                  {r.name.slice(0, 1)}
                </span>
              )}
              <span className="honour-who">
                <strong>{r.name}</strong>
                <span className="muted">
                  {r.dealer} · {r.region}
                </span>
              </span>
              <span className="honour-units">{t('sarm.honour.units', { units: formatNumber(locale, r.units) })}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('sarm.honour.empty')}</p>
      )}
    </section>
  )
}
