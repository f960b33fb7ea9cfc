import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import type { SubmissionResult } from '@conform-to/react'
import { Pager } from '../components/pager'
import { SortableTh } from '../components/sortable-th'
import { formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { PartnersDeskTabs } from '../modules/prm/components/programme-tabs'
import { RebateProgrammeForm } from '../modules/prm/components/rebate-form'
import { RebateProgrammeSchema, toRebateProgramme } from '../modules/prm/rebate-schemas'
import { listRebateProgrammes, openCurrentPeriods, REBATE_PAGE_SIZE, saveRebateProgramme } from '../modules/prm/rebates.server'
import { businessClock } from '../utils/clock.server'
import { LIST_FORM_LIMITS } from '../utils/form-input'
import { parseForm, readFormData } from '../utils/http.server'

// The partner managers' rebate programmes: what each has accrued against its budget, and a new programme.
const Query = z.object({
  sort: z.enum(['code', 'name', 'accrued']).catch('code'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:partner_programme:any')
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams))
  await openCurrentPeriods()
  const { rows, total } = await listRebateProgrammes(query)
  const { today } = await businessClock()
  return json({ rows, page: query.page, pages: Math.max(1, Math.ceil(total / REBATE_PAGE_SIZE)), total, today })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:partner_programme:any')
  const submission = parseForm(await readFormData(request, LIST_FORM_LIMITS), { schema: RebateProgrammeSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const parsed = toRebateProgramme(submission.value)
  if (!parsed.ok) return json({ result: submission.reply({ fieldErrors: parsed.fieldErrors }) }, { status: 400 })
  const saved = await saveRebateProgramme({ actor: actorOf(auth, context.clientIp), id: null, input: parsed.value })
  if (!saved.ok) return json({ result: submission.reply({ fieldErrors: saved.fieldErrors, formErrors: saved.formErrors }) }, { status: 400 })
  return redirect(`/desk/partners/rebates/${saved.id}`)
}

export default function RebateProgrammesPage() {
  const { rows, page, pages, total, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  const navigation = useNavigation()
  const { t, locale } = useT()
  return (
    <section aria-labelledby="rebates-title">
      <h1 id="rebates-title">{t('rebate.title')}</h1>
      <PartnersDeskTabs />
      <p className="muted" aria-live="polite">
        {t('common.count', { count: total })}
      </p>
      {rows.length ? (
        <table className="data-table cards">
          <thead>
            <tr>
              <SortableTh column="code" label={t('rebate.code')} />
              <SortableTh column="name" label={t('rebate.nameRu')} />
              <th scope="col">{t('rebate.periodKind')}</th>
              <th scope="col">{t('rebate.kind')}</th>
              <SortableTh column="accrued" label={t('rebate.accrued')} />
              <th scope="col">{t('rebate.active')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td data-label={t('rebate.code')}>
                  <Link to={`/desk/partners/rebates/${r.id}`}>
                    <code>{r.code}</code>
                  </Link>
                </td>
                <td data-label={t('rebate.nameRu')}>{locale === 'ru' ? r.nameRu : r.nameEn}</td>
                <td data-label={t('rebate.periodKind')}>{t(`rebate.period.${r.periodKind}`)}</td>
                <td data-label={t('rebate.kind')}>{t(`rebate.kind.${r.kind}`)}</td>
                <td data-label={t('rebate.accrued')} className="num">
                  {formatMoney(locale, r.accruedMinor)}{' '}
                  <span className="muted small">
                    {r.budgetMinor === null ? t('rebate.noBudget') : t('rebate.ofBudget', { budget: formatMoney(locale, r.budgetMinor) })}
                  </span>
                </td>
                <td data-label={t('rebate.active')}>{r.active ? '✓' : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('rebate.none')}</p>
      )}
      <Pager page={page} pages={pages} />
      <h2>{t('rebate.new')}</h2>
      <RebateProgrammeForm
        id="new-rebate"
        busy={navigation.state === 'submitting'}
        lastResult={actionData?.result}
        defaults={{
          code: '',
          nameRu: '',
          nameEn: '',
          periodKind: 'quarter',
          kind: 'percent',
          growth: false,
          active: true,
          minTierRank: null,
          budgetMinor: null,
          validFrom: today,
          validTo: null,
          steps: [],
        }}
      />
    </section>
  )
}
