import { Form, Link, useSearchParams } from '@remix-run/react'
import { Fragment, type ReactNode } from 'react'
import { SortableTh } from '../../../components/sortable-th'
import { isMessageKey, type Locale } from '../../../i18n'
import { formatDateTime } from '../../../i18n/format'
import { useT } from '../../../i18n/react'
import type { SyntaxIssue } from '../document'
import { messageStatuses } from '../profile-schemas'
import { offendingSegments, splitSegments } from './segments'

// The EDI pages' shared pieces: the message filters and table (the account's log and the desk's monitor), the
// status badge, the raw text with the offending segments marked, the timeline and the issue list.

type Jsonified<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] }

const badgeOf = (status: string) =>
  ['rejected', 'failed', 'duplicate'].includes(status)
    ? 'badge-rejected'
    : ['held', 'received', 'ready'].includes(status)
      ? 'badge-pending'
      : 'badge-verified'

/** A stored code in words (a status, a reason, an event), or the code itself when the catalog does not know it yet. */
export function useCodeText() {
  const { t } = useT()
  return (prefix: 'edi.status' | 'edi.reason' | 'edi.event' | 'edi.issue' | 'edi.type', code: string, params?: Record<string, string | number>) => {
    const key = `${prefix}.${code}`
    if (isMessageKey(key)) return t(key, params)
    // A message rejected by the syntax check keeps the first issue's code as its reason: say it in those words.
    const issue = `edi.issue.${code}`
    return prefix === 'edi.reason' && isMessageKey(issue) ? t(issue) : code
  }
}

export function StatusBadge({ status, overdue }: { status: string; overdue?: boolean }) {
  const { t } = useT()
  const text = useCodeText()
  return (
    <>
      <span className={`badge ${badgeOf(status)}`}>{text('edi.status', status)}</span>
      {overdue ? <span className="badge badge-rejected">{t('edi.status.ack_overdue')}</span> : null}
    </>
  )
}

export function Time({ value }: { value: string | Date | null | undefined }) {
  const { locale, timeZone } = useT()
  if (!value) return <>—</>
  return <time dateTime={new Date(value).toISOString()}>{formatDateTime(locale, value, timeZone)}</time>
}

export function MessageFilters({ csvHref, children }: { csvHref: string; children?: ReactNode }) {
  const { t } = useT()
  const [params] = useSearchParams()
  return (
    <Form method="get" className="toolbar" role="search" aria-label={t('edi.log.filters')}>
      <div className="field">
        <label htmlFor="edi-q">{t('edi.log.search')}</label>
        <input id="edi-q" name="q" type="search" defaultValue={params.get('q') ?? ''} />
      </div>
      <div className="field">
        <label htmlFor="edi-direction">{t('edi.log.direction')}</label>
        <select id="edi-direction" name="direction" defaultValue={params.get('direction') ?? ''}>
          <option value="">{t('common.all')}</option>
          <option value="in">{t('edi.direction.in')}</option>
          <option value="out">{t('edi.direction.out')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="edi-status">{t('edi.log.status')}</label>
        <select id="edi-status" name="status" defaultValue={params.get('status') ?? ''}>
          <option value="">{t('common.all')}</option>
          {[...messageStatuses, 'ack_overdue' as const].map((s) => (
            <option key={s} value={s}>
              {t(`edi.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="edi-type">{t('edi.log.type')}</label>
        <input id="edi-type" name="type" defaultValue={params.get('type') ?? ''} placeholder="ORDERS" size={8} />
      </div>
      <div className="field">
        <label htmlFor="edi-from">{t('audit.from')}</label>
        <input id="edi-from" name="from" type="date" defaultValue={params.get('from') ?? ''} />
      </div>
      <div className="field">
        <label htmlFor="edi-to">{t('audit.to')}</label>
        <input id="edi-to" name="to" type="date" defaultValue={params.get('to') ?? ''} />
      </div>
      {children}
      <button type="submit">{t('common.search')}</button>
      <a href={`${csvHref}?${params}`} download>
        {t('common.exportCsv')}
      </a>
    </Form>
  )
}

export interface MessageListRow {
  id: string
  direction: 'in' | 'out'
  messageType: string
  messageRef: string | null
  documentNumber: string | null
  status: string
  statusReason: string | null
  test: boolean
  createdAt: string
  ackOverdue: boolean
}

export function MessagesTable({ rows, base }: { rows: MessageListRow[]; base: string }) {
  const { t } = useT()
  const text = useCodeText()
  if (!rows.length) return <p className="muted">{t('common.empty')}</p>
  return (
    <table className="data-table cards">
      <caption className="visually-hidden">{t('edi.log.caption')}</caption>
      <thead>
        <tr>
          <SortableTh column="createdAt" label={t('edi.log.time')} />
          <SortableTh column="direction" label={t('edi.log.direction')} />
          <SortableTh column="messageType" label={t('edi.log.type')} />
          <SortableTh column="documentNumber" label={t('edi.log.number')} />
          <SortableTh column="status" label={t('edi.log.status')} />
          <th scope="col">{t('edi.log.reason')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-status={r.status} className={r.ackOverdue ? 'changed' : undefined}>
            <td data-label={t('edi.log.time')}>
              <Link to={`${base}/${r.id}`}>
                <Time value={r.createdAt} />
              </Link>
            </td>
            <td data-label={t('edi.log.direction')}>{t(r.direction === 'in' ? 'edi.direction.in' : 'edi.direction.out')}</td>
            <td data-label={t('edi.log.type')}>
              <code>{text('edi.type', r.messageType)}</code>
              {r.test ? <span className="badge">{t('edi.log.test')}</span> : null}
            </td>
            <td data-label={t('edi.log.number')}>{r.documentNumber ?? r.messageRef ?? '—'}</td>
            <td data-label={t('edi.log.status')}>
              <StatusBadge status={r.status} overdue={r.ackOverdue} />
            </td>
            <td data-label={t('edi.log.reason')}>{r.statusReason ? text('edi.reason', r.statusReason) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Where an issue is, in words: "segment 4 (QTY), element 1, component 2". */
export function issuePlace(t: ReturnType<typeof useT>['t'], issue: Pick<SyntaxIssue, 'segment' | 'element'>) {
  const parts: string[] = []
  if (issue.segment) parts.push(t('edi.issue.segment', { index: issue.segment.index, tag: issue.segment.tag }))
  if (issue.element) parts.push(t('edi.issue.element', { position: issue.element.position }))
  if (issue.element?.component) parts.push(t('edi.issue.component', { component: issue.element.component }))
  return parts.join(', ')
}

export function IssueList({ issues }: { issues: Pick<SyntaxIssue, 'level' | 'code' | 'severity' | 'segment' | 'element' | 'message'>[] }) {
  const { t } = useT()
  const text = useCodeText()
  if (!issues.length) return <p className="muted">{t('edi.issue.none')}</p>
  return (
    <table className="data-table cards">
      <thead>
        <tr>
          <th scope="col">{t('edi.issue.severity')}</th>
          <th scope="col">{t('edi.issue.where')}</th>
          <th scope="col">{t('edi.issue.what')}</th>
          <th scope="col">{t('edi.issue.detail')}</th>
        </tr>
      </thead>
      <tbody>
        {issues.map((issue, i) => (
          <tr key={i}>
            <td data-label={t('edi.issue.severity')}>
              <span className={`badge ${issue.severity === 'error' ? 'badge-rejected' : 'badge-pending'}`}>
                {t(issue.severity === 'error' ? 'edi.issue.error' : 'edi.issue.warning')}
              </span>
            </td>
            <td data-label={t('edi.issue.where')}>{issuePlace(t, issue) || t(`edi.level.${issue.level as 'file'}`)}</td>
            <td data-label={t('edi.issue.what')}>{text('edi.issue', issue.code)}</td>
            <td data-label={t('edi.issue.detail')} lang="en">
              {issue.message}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/**
 * The raw text, one segment per line (numbered as the parser counts them), the offending ones marked. Breaks are
 * allowed after each element separator, so a long segment wraps on a phone instead of widening the page.
 */
export function RawText({
  text,
  issues,
  span,
  label,
}: {
  text: string
  issues: SyntaxIssue[]
  span: { start: number; end: number } | null
  label: string
}) {
  const { t } = useT()
  const segments = splitSegments(text)
  const bad = offendingSegments(segments, issues, span?.start ?? null)
  if (!segments.length) return <p className="muted">{t('edi.raw.empty')}</p>
  return (
    <figure className="raw-text">
      <figcaption className="visually-hidden">{label}</figcaption>
      <ol className="plain-list">
        {segments.map((s, i) => {
          const inMessage = span ? s.start >= span.start && s.start < span.end : true
          const body = s.text.replace(/^\s+/, '').replace(/\s+$/, '')
          const parts = body.split(/(?<=[+*:~^|>])/)
          const content = parts.map((p, j) => (
            <Fragment key={j}>
              {p}
              <wbr />
            </Fragment>
          ))
          return (
            <li key={s.start} id={`seg-${i + 1}`} className={inMessage ? undefined : 'muted'}>
              <code>
                {bad.has(i) ? (
                  <mark aria-label={t('edi.raw.offending')} data-offending="true">
                    {content}
                  </mark>
                ) : (
                  content
                )}
              </code>
            </li>
          )
        })}
      </ol>
    </figure>
  )
}

export interface TimelineEvent {
  id: string
  kind: string
  details: Record<string, string | number>
  at: string
}

export function Timeline({ events }: { events: TimelineEvent[] }) {
  const { t } = useT()
  const text = useCodeText()
  if (!events.length) return <p className="muted">{t('edi.timeline.empty')}</p>
  return (
    <ol className="timeline">
      {events.map((e) => (
        <li key={e.id}>
          <Time value={e.at} /> — {text('edi.event', e.kind, eventParams(e.details, text))}
        </li>
      ))}
    </ol>
  )
}

/**
 * An event's details as the sentence's values: codes (an ack's action, a refusal's reason) in words, and a decision's
 * lines counted by outcome, so "decided" says how many lines were accepted, changed and not accepted.
 */
function eventParams(d: Record<string, unknown>, text: ReturnType<typeof useCodeText>) {
  const params = Object.fromEntries(Object.entries(d).filter(([, v]) => typeof v === 'string' || typeof v === 'number')) as Record<
    string,
    string | number
  >
  for (const k of ['action', 'reason'] as const) if (typeof params[k] === 'string') params[k] = text('edi.reason', String(params[k]))
  if (Array.isArray(d.lines)) {
    const lines = d.lines as { action?: string }[]
    for (const a of ['accepted', 'changed', 'rejected'] as const) params[a] = lines.filter((l) => l.action === a).length
  }
  return params
}

/** Canonical JSON, pretty, for people who read it beside the raw text. */
export function CanonicalJson({ value }: { value: unknown }) {
  const { t } = useT()
  if (value === null || value === undefined) return <p className="muted">{t('edi.canonical.none')}</p>
  return (
    <pre className="canonical-json" tabIndex={0} aria-label={t('edi.canonical.title')}>
      <code>{JSON.stringify(value, null, 2)}</code>
    </pre>
  )
}

export type { Jsonified, Locale }
