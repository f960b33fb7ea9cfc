import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useT } from '../i18n/react'
import { actorOf, requireUser } from '../modules/auth/guards.server'
import { InvitationList } from '../modules/tenancy/components/invitation-list'
import { acceptInvitation, declineInvitation } from '../modules/tenancy/mutations.server'
import { AnswerInvitationSchema } from '../modules/tenancy/schemas'
import { invariantResponse, parseForm, readFormData } from '../utils/http.server'

// Any signed-in person answers their own invitations: a pending one grants no role, so no permission can be asked.
export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireUser(request)
  return json({
    invitations: auth.invitations.map((i) => ({ orgId: i.orgId, shortName: i.shortName, role: i.role, invitedByName: i.invitedByName })),
  })
}

/** Accepts or declines one of the caller's own invitations; anything else (another person's, an answered one) is not found. */
export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireUser(request)
  const submission = parseForm(await readFormData(request), { schema: AnswerInvitationSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const answer = { userId: auth.user.id, orgId: submission.value.orgId, actor: actorOf(auth, context.clientIp) }
  const result = submission.value.intent === 'accept' ? await acceptInvitation(answer) : await declineInvitation(answer)
  invariantResponse(result.ok, 'error.notFound.title', { status: 404 })
  return redirect(submission.value.intent === 'accept' ? '/' : '/account/invitations')
}

export default function InvitationsPage() {
  const { invitations } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    <section aria-labelledby="invitations-title">
      <h1 id="invitations-title">{t('invitation.title')}</h1>
      {invitations.length ? (
        <>
          <p className="muted">{t('invitation.hint')}</p>
          <InvitationList invitations={invitations} />
        </>
      ) : (
        <p>{t('invitation.none')}</p>
      )}
    </section>
  )
}
