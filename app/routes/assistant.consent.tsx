import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { ErrorList, Notice } from '../components/forms'
import { formatDateTime } from '../i18n/format'
import { resolveLocale } from '../i18n/locale.server'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { consentTexts } from '../modules/sarm/consent-texts'
import { consentState, giveProcessingConsent, MAX_HONOUR_PHOTO_BYTES, sniffImage, uploadHonourPhoto, withdraw } from '../modules/sarm/consents.server'
import { invariantResponse, readFormData, safeRedirectPath } from '../utils/http.server'

// The assistant's consents (152-FZ): the one assistant page open without the processing consent, since the
// assistant guard sends people here. Only the permission is checked, never the consent itself.

export async function loader({ request }: LoaderFunctionArgs) {
  const { org, user } = await requirePermission(request, 'read:sarm:own')
  const who = { orgId: org.id, userId: user.id }
  const { processing, photo, hasPhoto } = await consentState(who)
  const shown = (c: typeof processing) => (c ? { version: c.textVersion, givenAt: c.givenAt.toISOString(), text: c.text } : null)
  const locale = resolveLocale(request, user.locale)
  return json({
    processing: shown(processing),
    photo: shown(photo),
    hasPhoto,
    userId: user.id,
    texts: { processing: consentTexts.processing[locale], photo: consentTexts.honour_photo[locale] },
    maxMb: MAX_HONOUR_PHOTO_BYTES / 1024 / 1024,
  })
}

type Errors = Record<string, string[]>
const refuse = (fieldErrors: Errors, status = 400) => json({ fieldErrors, done: null as string | null }, { status })

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'read:sarm:own')
  // A photo is at most 2 MB: a larger body is refused before it is read (a 50 MB upload never reaches memory).
  const length = Number(request.headers.get('content-length') ?? 0)
  if (length > MAX_HONOUR_PHOTO_BYTES + 64 * 1024) return refuse({ photo: ['sarm.consent.error.photoTooLarge'] }, 413)
  const form = await readFormData(request)
  const intent = form.get('intent')
  const actor = actorOf(auth, context.clientIp)
  const who = { orgId: auth.org.id, userId: auth.user.id }
  const locale = resolveLocale(request, auth.user.locale)
  if (intent === 'give-processing') {
    if (form.get('agree') !== 'on') return refuse({ agree: ['sarm.consent.error.agree'] })
    await giveProcessingConsent(actor, { ...who, locale, ip: context.clientIp })
    // Back to the page the guard sent the person from, only ever a path inside the portal.
    const to = safeRedirectPath(form.get('redirectTo'), '/assistant/consent?given=1')
    return redirect(to.startsWith('/') && !to.startsWith('/assistant/consent') ? to : '/assistant/consent?given=1')
  }
  if (intent === 'withdraw-processing') {
    const done = await withdraw(actor, { ...who, purpose: 'processing' })
    if (!done) return refuse({ form: ['sarm.consent.error.nothingToWithdraw'] }, 409)
    return json({ fieldErrors: null as Errors | null, done: 'sarm.consent.withdrawn' })
  }
  if (intent === 'give-photo') {
    if (form.get('agree') !== 'on') return refuse({ agree: ['sarm.consent.error.agree'] })
    const file = form.get('photo')
    if (!(file instanceof File) || file.size === 0) return refuse({ photo: ['sarm.consent.error.photoMissing'] })
    if (file.size > MAX_HONOUR_PHOTO_BYTES) return refuse({ photo: ['sarm.consent.error.photoTooLarge'] }, 413)
    const bytes = Buffer.from(await file.arrayBuffer())
    const mime = sniffImage(bytes)
    if (!mime) return refuse({ photo: ['sarm.consent.error.photoType'] })
    if (!(await uploadHonourPhoto(actor, { ...who, locale, ip: context.clientIp, mime, bytes })))
      return refuse({ form: ['sarm.consent.error.processingFirst'] }, 409)
    return json({ fieldErrors: null as Errors | null, done: 'sarm.consent.photoSaved' })
  }
  if (intent === 'withdraw-photo') {
    const done = await withdraw(actor, { ...who, purpose: 'honour_photo' })
    if (!done) return refuse({ form: ['sarm.consent.error.nothingToWithdraw'] }, 409)
    return json({ fieldErrors: null as Errors | null, done: 'sarm.consent.photoWithdrawn' })
  }
  invariantResponse(false, 'errors.notAForm', { status: 400 })
}

export default function ConsentPage() {
  const { processing, photo, hasPhoto, userId, texts, maxMb } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [params] = useSearchParams()
  const { t, tm, locale, timeZone } = useT()
  const errors = actionData?.fieldErrors ?? undefined
  const busy = navigation.state === 'submitting'
  return (
    <section aria-labelledby="consent-title" className="sarm-learning">
      <h1 id="consent-title">{t('sarm.consent.title')}</h1>
      {actionData?.done ? <Notice tone="success">{tm(actionData.done)}</Notice> : null}
      {params.get('given') ? <Notice tone="success">{t('sarm.consent.given')}</Notice> : null}
      <ErrorList errors={errors?.form} />

      <article className="card" aria-labelledby="consent-processing">
        <h2 id="consent-processing">{t('sarm.consent.processing')}</h2>
        {processing ? (
          <>
            <p>{t('sarm.consent.givenOn', { version: processing.version, date: formatDateTime(locale, processing.givenAt, timeZone) })}</p>
            <blockquote className="consent-text">{processing.text}</blockquote>
            <p className="hint">{t('sarm.consent.withdrawExplain')}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw-processing" />
              <button type="submit" className="danger" disabled={busy}>
                {t('sarm.consent.withdraw')}
              </button>
            </Form>
          </>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="give-processing" />
            <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
            <p className="hint">{t('sarm.consent.needed')}</p>
            <blockquote className="consent-text">{texts.processing}</blockquote>
            <div className="field field-checkbox">
              <input type="checkbox" id="agree-processing" name="agree" aria-describedby="agree-processing-error" />
              <label htmlFor="agree-processing">{t('sarm.consent.agree')}</label>
              <ErrorList id="agree-processing-error" errors={errors?.agree} />
            </div>
            <button type="submit" disabled={busy}>
              {t('sarm.consent.give')}
            </button>
          </Form>
        )}
      </article>

      {processing ? (
        <article className="card" aria-labelledby="consent-photo">
          <h2 id="consent-photo">{t('sarm.consent.photo')}</h2>
          {photo ? (
            <>
              <p>{t('sarm.consent.givenOn', { version: photo.version, date: formatDateTime(locale, photo.givenAt, timeZone) })}</p>
              {hasPhoto ? (
                <img src={`/honour/photo/${userId}`} alt={t('sarm.consent.myPhoto')} className="honour-photo" width={96} height={96} />
              ) : null}
              <Form method="post">
                <input type="hidden" name="intent" value="withdraw-photo" />
                <p className="hint">{t('sarm.consent.photoWithdrawExplain')}</p>
                <button type="submit" className="danger" disabled={busy}>
                  {t('sarm.consent.photoWithdraw')}
                </button>
              </Form>
            </>
          ) : null}
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="give-photo" />
            {photo ? null : <blockquote className="consent-text">{texts.photo}</blockquote>}
            <div className="field">
              <label htmlFor="photo">{t('sarm.consent.photoFile', { mb: maxMb })}</label>
              <input type="file" id="photo" name="photo" accept="image/jpeg,image/png,image/webp" aria-describedby="photo-error" />
              <ErrorList id="photo-error" errors={errors?.photo} />
            </div>
            <div className="field field-checkbox">
              <input type="checkbox" id="agree-photo" name="agree" defaultChecked={!!photo} aria-describedby="agree-photo-error" />
              <label htmlFor="agree-photo">{t('sarm.consent.photoAgree')}</label>
              <ErrorList id="agree-photo-error" errors={errors?.agree} />
            </div>
            <button type="submit" disabled={busy}>
              {photo ? t('sarm.consent.photoReplace') : t('sarm.consent.photoGive')}
            </button>
          </Form>
        </article>
      ) : null}
    </section>
  )
}
