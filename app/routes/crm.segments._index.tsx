import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { SubmissionResult } from '@conform-to/react'
import { useT } from '../i18n/react'
import { resolveLocale } from '../i18n/locale.server'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { SegmentForm } from '../modules/crm/components/segment-form'
import { SegmentRun } from '../modules/crm/components/segment-run'
import { SegmentForm as Schema, segmentDefaults } from '../modules/crm/segment-schemas'
import { latestSegmentRun, listSegmentRuns, paramsFromForm, paramsSentence, runSegmentation, segmentRunPage } from '../modules/crm/segments.server'
import { env } from '../env.server'
import { formatDateTime } from '../i18n/format'
import { businessClock } from '../utils/clock.server'
import { parseForm, readFormData } from '../utils/http.server'

// Customer segments (issue 15): the run form with the anchor's defaults, the latest run's charts and customers,
// and the earlier runs (each reproducible from its stored parameters).

const cell = (v: string | null, allowed: string) => (v && allowed.includes(v) && v.length === 1 ? v : null)

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const locale = resolveLocale(request, auth.user.locale)
  const url = new URL(request.url)
  const { today } = await businessClock()
  const latest = await latestSegmentRun()
  const run = latest
    ? await segmentRunPage({
        scope: auth.scope,
        runId: latest.id,
        locale,
        timeZone: env.OPERATOR_TIME_ZONE,
        abc: cell(url.searchParams.get('abc'), 'ABC'),
        xyz: cell(url.searchParams.get('xyz'), 'XYZ'),
      })
    : null
  const runs = (await listSegmentRuns({ scope: auth.scope })).map((r) => ({
    id: r.id,
    at: formatDateTime(locale, r.createdAt, env.OPERATOR_TIME_ZONE),
    params: paramsSentence(locale, r.params, r.createdBy),
  }))
  return json({ run, runs, defaults: segmentDefaults(today), canRun: auth.permissions.includes('manage:crm:any') })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:crm:any')
  const submission = parseForm(await readFormData(request), { schema: Schema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const outcome = await runSegmentation({ scope: auth.scope, actor: actorOf(auth, context.clientIp), params: paramsFromForm(submission.value) })
  if (!outcome.ok)
    return json(
      { result: submission.reply({ formErrors: [`crm.segments.error.noData|text:${outcome.from.slice(0, 7)} – ${outcome.to.slice(0, 7)}`] }) },
      { status: 400 },
    )
  return redirect('/crm/segments')
}

export default function Segments() {
  const { run, runs, defaults, canRun } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  const navigation = useNavigation()
  const { t } = useT()
  return (
    <section aria-labelledby="segments-title">
      <h1 id="segments-title">{t('crm.segments.title')}</h1>
      <CrmTabs />
      <p>{t('crm.segments.intro')}</p>
      <p>
        <Link to="/crm/segments/margins">{t('crm.segments.margins.link')}</Link>
      </p>
      {canRun ? <SegmentForm defaults={defaults} lastResult={actionData?.result} busy={navigation.state === 'submitting'} /> : null}
      {run ? <SegmentRun run={run} basePath="/crm/segments" /> : <p>{t('crm.segments.none')}</p>}
      {runs.length > 1 ? (
        <>
          <h2 id="runs-title">{t('crm.segments.runs')}</h2>
          <ul aria-labelledby="runs-title">
            {runs.slice(1).map((r) => (
              <li key={r.id}>
                <Link to={`/crm/segments/${r.id}`}>{r.at}</Link>: {r.params}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}
