import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { SubmissionResult } from '@conform-to/react'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { BonusProgrammeSchema, toBonusProgramme } from '../modules/sarm/bonus-schemas'
import { bonusFormOptions, saveBonusProgramme } from '../modules/sarm/bonuses.server'
import { BonusProgrammeForm } from '../modules/sarm/components/bonus-form'
import { DeskSarmTabs } from '../modules/sarm/components/desk-sarm-tabs'
import { monthStarts } from '../modules/sarm/bonus-period'
import { businessClock } from '../utils/clock.server'
import { LIST_FORM_LIMITS } from '../utils/form-input'
import { parseForm, readFormData } from '../utils/http.server'

// A new bonus-above-a-norm programme; saved, the desk goes to its page (norms per shop or person, recalculation).

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:any')
  const { today } = await businessClock()
  return json({ options: await bonusFormOptions({ scope: auth.scope }), ...monthStarts(today) })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:any')
  const submission = parseForm(await readFormData(request, LIST_FORM_LIMITS), { schema: BonusProgrammeSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const parsed = toBonusProgramme(submission.value)
  if (!parsed.ok) return json({ result: submission.reply({ fieldErrors: parsed.fieldErrors }) }, { status: 400 })
  const saved = await saveBonusProgramme({ actor: actorOf(auth, context.clientIp), id: null, input: parsed.value })
  if (!saved.ok) return json({ result: submission.reply({ fieldErrors: saved.fieldErrors, formErrors: saved.formErrors }) }, { status: 400 })
  return redirect(`/desk/sarm/bonuses/${saved.id}`)
}

export default function NewBonusProgramme() {
  const { options, thisMonth, monthEnd } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  const navigation = useNavigation()
  const { t } = useT()
  return (
    <section aria-labelledby="new-bonus-title">
      <h1 id="new-bonus-title">{t('bonus.new')}</h1>
      <DeskSarmTabs />
      <BonusProgrammeForm
        id="new-bonus"
        busy={navigation.state === 'submitting'}
        lastResult={actionData?.result}
        options={options}
        defaults={{
          nameRu: '',
          nameEn: '',
          periodStart: thisMonth,
          periodEnd: monthEnd,
          skus: [],
          categoryIds: [],
          orgIds: [],
          normUnits: 30,
          rateMinor: 0,
          capMinor: null,
          requiredTrainingId: null,
          status: 'active',
        }}
      />
    </section>
  )
}
