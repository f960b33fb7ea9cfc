import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { SubmissionResult } from '@conform-to/react'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { ContestForm } from '../modules/sarm/components/contest-form'
import { ContestSchema, toContest } from '../modules/sarm/contest-schemas'
import { contestFormOptions, saveContest } from '../modules/sarm/contests.server'
import { businessClock } from '../utils/clock.server'
import { LIST_FORM_LIMITS } from '../utils/form-input'
import { parseForm, readFormData } from '../utils/http.server'

// A new contest: its settings and the rules published to every participant.

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:sarm:any')
  const { today } = await businessClock()
  return json({ today, options: await contestFormOptions({ scope }) })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:any')
  const submission = parseForm(await readFormData(request, LIST_FORM_LIMITS), { schema: ContestSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const parsed = toContest(submission.value)
  if (!parsed.ok) return json({ result: submission.reply({ fieldErrors: parsed.fieldErrors }) }, { status: 400 })
  const saved = await saveContest({ scope: auth.scope, actor: actorOf(auth, context.clientIp), input: parsed.value })
  if (!saved.ok) return json({ result: submission.reply({ formErrors: [saved.message] }) }, { status: saved.status })
  return redirect(`/desk/sarm/contests/${saved.id}`)
}

export default function NewContestPage() {
  const { today, options } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  const navigation = useNavigation()
  const { t } = useT()
  return (
    <section aria-labelledby="new-contest-title">
      <h1 id="new-contest-title">{t('sarm.contest.new')}</h1>
      <ContestForm
        id="new-contest"
        busy={navigation.state === 'submitting'}
        lastResult={actionData?.result}
        options={options}
        defaults={{
          nameRu: '',
          nameEn: '',
          rulesRu: '',
          rulesEn: '',
          periodStart: today,
          periodEnd: today,
          metric: 'units',
          improvement: false,
          categoryIds: [],
          orgIds: [],
          prizes: [],
          minActiveSellers: 3,
          thresholds: null,
        }}
      />
    </section>
  )
}
