import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { env } from '../env.server'
import { useT } from '../i18n/react'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { SegmentRun } from '../modules/crm/components/segment-run'
import { segmentRunPage } from '../modules/crm/segments.server'
import { invariantResponse, uuidParam } from '../utils/http.server'

// An earlier segmentation run, as it was computed: its parameters, charts and customers.

const cell = (v: string | null, allowed: string) => (v && allowed.includes(v) && v.length === 1 ? v : null)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const url = new URL(request.url)
  const run = await segmentRunPage({
    scope: auth.scope,
    runId: uuidParam(params.runId),
    locale: resolveLocale(request, auth.user.locale),
    timeZone: env.OPERATOR_TIME_ZONE,
    abc: cell(url.searchParams.get('abc'), 'ABC'),
    xyz: cell(url.searchParams.get('xyz'), 'XYZ'),
  })
  invariantResponse(run, 'error.notFound.title', { status: 404 })
  return json({ run })
}

export default function SegmentRunPage() {
  const { run } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    <section aria-labelledby="segments-title">
      <h1 id="segments-title">{t('crm.segments.title')}</h1>
      <CrmTabs />
      <p>
        <Link to="/crm/segments">{t('crm.tab.segments')}</Link>
      </p>
      <SegmentRun run={run} basePath={`/crm/segments/${run.id}`} />
    </section>
  )
}
