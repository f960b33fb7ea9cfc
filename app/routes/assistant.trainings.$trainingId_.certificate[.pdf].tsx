import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requireAssistant } from '../modules/sarm/assistant-guard.server'
import { certificateFor, certificatePdf } from '../modules/sarm/trainings.server'
import { attachment } from '../utils/csv'
import { invariantResponse, uuidParam } from '../utils/http.server'

/** The holder's certificate of a completed training, as PDF in the reader's language; 404 before completion. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, user } = await requireAssistant(request)
  const cert = await certificateFor({ scope, userId: user.id, trainingId: uuidParam(params.trainingId) })
  invariantResponse(cert, 'error.notFound.title', { status: 404 })
  const pdf = await certificatePdf(cert, resolveLocale(request, user.locale))
  return attachment(pdf, `certificate-${cert.certificateNo}.pdf`, 'application/pdf')
}
