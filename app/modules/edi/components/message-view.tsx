import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useT } from '../../../i18n/react'
import type { SyntaxIssue } from '../document'
import { CanonicalJson, IssueList, RawText, StatusBadge, Time, Timeline, useCodeText, type TimelineEvent } from './edi-bits'

// One message, for the account's log and the desk's monitor alike: what it is, its status in words, what was
// wrong and where (the raw text with the offending segments marked, beside the canonical JSON), its timeline and
// the acknowledgements and documents around it.

export interface MessageViewData {
  id: string
  direction: 'in' | 'out'
  syntax: string
  messageType: string
  messageRef: string | null
  documentNumber: string | null
  test: boolean
  status: string
  statusReason: string | null
  canonical: unknown
  issues: SyntaxIssue[]
  span: { start: number; end: number } | null
  createdAt: string
  fetchedAt: string | null
  acknowledgedAt: string | null
  rawText: string
  rawTruncated: boolean
  raw: { contentType: string; size: number; sha256: string; charset: string | null } | null
  interchange: {
    controlRef: string
    senderId: string
    recipientId: string
    status: string
    issues: SyntaxIssue[]
    ackDueAt: string | null
    ackedAt: string | null
    ackAction: string | null
    ackOverdue: boolean
  } | null
  ackSent: { contentType: string; at: string; text: string } | null
  events: TimelineEvent[]
  related: { id: string; direction: 'in' | 'out'; messageType: string; documentNumber: string | null; status: string; createdAt: string }[]
}

export function MessageView({
  message: m,
  base,
  order,
  actions,
}: {
  message: MessageViewData
  base: string
  order: { href: string; number: string } | null
  actions?: ReactNode
}) {
  const { t } = useT()
  const text = useCodeText()
  const issues = [...(m.interchange?.issues ?? []), ...m.issues]
  return (
    <>
      <h1 id="message-title">{t('edi.message.title', { type: text('edi.type', m.messageType), number: m.documentNumber ?? m.messageRef ?? '—' })}</h1>
      <p>
        <StatusBadge status={m.status} overdue={m.interchange?.ackOverdue} /> {m.test ? <span className="badge">{t('edi.log.test')}</span> : null}
      </p>
      <p className="lead" data-testid="status-text">
        {text('edi.status', m.status)}
        {m.statusReason ? `: ${text('edi.reason', m.statusReason)}` : ''}
      </p>
      {actions}
      <dl className="facts">
        <div>
          <dt>{t('edi.log.direction')}</dt>
          <dd>{t(m.direction === 'in' ? 'edi.direction.in' : 'edi.direction.out')}</dd>
        </div>
        <div>
          <dt>{t('edi.log.time')}</dt>
          <dd>
            <Time value={m.createdAt} />
          </dd>
        </div>
        {m.messageRef ? (
          <div>
            <dt>{t('edi.log.ref')}</dt>
            <dd>
              <code>{m.messageRef}</code>
            </dd>
          </div>
        ) : null}
        {m.interchange ? (
          <>
            <div>
              <dt>{t('edi.message.interchange')}</dt>
              <dd>
                <code>{m.interchange.controlRef}</code> · {m.interchange.senderId} → {m.interchange.recipientId}
              </dd>
            </div>
            {m.interchange.ackDueAt || m.interchange.ackedAt ? (
              <div>
                <dt>{t('edi.message.partnerAck')}</dt>
                <dd className={m.interchange.ackOverdue ? 'changed' : undefined}>
                  {m.interchange.ackedAt ? (
                    <>
                      <Time value={m.interchange.ackedAt} /> {m.interchange.ackAction ? `· ${text('edi.reason', m.interchange.ackAction)}` : ''}
                    </>
                  ) : (
                    <>
                      {t('edi.message.ackDue')} <Time value={m.interchange.ackDueAt} />
                    </>
                  )}
                </dd>
              </div>
            ) : null}
          </>
        ) : null}
        {m.raw ? (
          <div>
            <dt>{t('edi.message.raw')}</dt>
            <dd>
              {m.raw.contentType} · {t('edi.message.bytes', { count: m.raw.size })}
              {m.raw.charset ? ` · ${m.raw.charset}` : ''} · <code title="SHA-256">{m.raw.sha256.slice(0, 16)}…</code>
            </dd>
          </div>
        ) : null}
        {order ? (
          <div>
            <dt>{t('edi.message.order')}</dt>
            <dd>
              <Link to={order.href}>{order.number}</Link>
            </dd>
          </div>
        ) : null}
        {m.fetchedAt ? (
          <div>
            <dt>{t('edi.message.fetched')}</dt>
            <dd>
              <Time value={m.fetchedAt} />
            </dd>
          </div>
        ) : null}
        {m.acknowledgedAt ? (
          <div>
            <dt>{t('edi.message.acknowledged')}</dt>
            <dd>
              <Time value={m.acknowledgedAt} />
            </dd>
          </div>
        ) : null}
      </dl>
      <h2>{t('edi.message.issues')}</h2>
      <IssueList issues={issues} />
      <div className="grid-2">
        <section aria-labelledby="raw-title">
          <h2 id="raw-title">{t('edi.message.rawText')}</h2>
          <RawText text={m.rawText} issues={issues} span={m.span} label={t('edi.message.rawText')} />
          {m.rawTruncated ? <p className="muted">{t('edi.message.truncated')}</p> : null}
        </section>
        <section aria-labelledby="canonical-title">
          <h2 id="canonical-title">{t('edi.canonical.title')}</h2>
          <CanonicalJson value={m.canonical} />
        </section>
      </div>
      <h2>{t('edi.timeline.title')}</h2>
      <Timeline events={m.events} />
      <h2>{t('edi.message.acks')}</h2>
      {m.ackSent ? (
        <>
          <p>
            {t('edi.message.ackSent')} <Time value={m.ackSent.at} /> ({m.ackSent.contentType})
          </p>
          <RawText text={m.ackSent.text} issues={[]} span={null} label={t('edi.message.ackSent')} />
        </>
      ) : null}
      {m.related.length ? (
        <ul className="plain-list">
          {m.related.map((r) => (
            <li key={r.id}>
              <Link to={`${base}/${r.id}`}>
                {text('edi.type', r.messageType)} {r.documentNumber ?? ''}
              </Link>{' '}
              · {t(r.direction === 'in' ? 'edi.direction.in' : 'edi.direction.out')} · <StatusBadge status={r.status} /> ·{' '}
              <Time value={r.createdAt} />
            </li>
          ))}
        </ul>
      ) : !m.ackSent ? (
        <p className="muted">{t('edi.message.noAcks')}</p>
      ) : null}
    </>
  )
}
