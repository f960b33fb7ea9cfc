import { and, eq, sql } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { crmTasks } from '../../../db/schema/crm'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { AnyScope } from '../auth/scope.server'
import { notifyAll } from '../notifications/mutations.server'
import { businessClock } from '../../utils/clock.server'
import { logger } from '../../utils/logger.server'

// Staff tasks and the planner (issue 15): due dates on working days (customers.server.ts moves a weekend next step),
// reminders through the notification module on the due day, once each (crm_tasks.reminded_at).

export interface TaskView {
  id: string
  title: string
  dueOn: string
  status: 'open' | 'done' | 'cancelled'
  orgId: string | null
  orgName: string | null
  assigneeName: string
  /** The day a weekend or holiday due date was moved from. */
  movedFrom: string | null
}

/** A person's tasks due between two days (inclusive), plus every overdue open one when `overdue` is asked. */
export async function listTasks({
  assigneeId,
  from,
  to,
  overdue = false,
  orgId,
}: {
  scope: AnyScope
  assigneeId?: string
  from: string
  to: string
  overdue?: boolean
  orgId?: string
}): Promise<TaskView[]> {
  const rows = rowsOf<{
    id: string
    title: string
    due_on: string
    status: TaskView['status']
    org_id: string | null
    org_name: string | null
    assignee: string
    notes: string
  }>(
    await db.execute(sql`
      select t.id, t.title, t.due_on::text, t.status, t.org_id, o.short_name as org_name, u.display_name as assignee, t.notes
      from crm_tasks t join users u on u.id = t.assignee_id left join organisations o on o.id = t.org_id
      where ${assigneeId ? sql`t.assignee_id = ${assigneeId}::uuid` : sql`true`}
        and ${orgId ? sql`t.org_id = ${orgId}::uuid` : sql`true`}
        and ((t.due_on between ${from}::date and ${to}::date) ${overdue ? sql`or (t.status = 'open' and t.due_on < ${from}::date)` : sql``})
      order by t.due_on, t.created_at limit 500`),
  )
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    dueOn: r.due_on,
    status: r.status,
    orgId: r.org_id,
    orgName: r.org_name,
    assigneeName: r.assignee,
    movedFrom: r.notes.startsWith('moved:') ? r.notes.slice(6) : null,
  }))
}

/** Marks a task done, cancelled or open again (audited); from a customer's card, only a task of that customer. */
export async function setTaskStatus({
  actor,
  taskId,
  status,
  orgId,
}: {
  scope: AnyScope
  actor: Actor
  taskId: string
  status: TaskView['status']
  orgId?: string
}) {
  return db.transaction(async (tx) => {
    const [task] = await tx
      .update(crmTasks)
      .set({ status, doneAt: status === 'done' ? new Date() : null })
      .where(and(eq(crmTasks.id, taskId), orgId ? eq(crmTasks.orgId, orgId) : undefined))
      .returning({ id: crmTasks.id, orgId: crmTasks.orgId, title: crmTasks.title })
    if (!task) return { ok: false as const }
    await writeAudit(tx, actor, {
      action: 'crm_task.saved',
      entity: 'crm_task',
      entityId: task.id,
      orgId: task.orgId,
      details: { title: task.title, status },
    })
    return { ok: true as const }
  })
}

/** Tells each assignee, once, about their open tasks due today (or earlier and never reminded). Returns how many. */
export async function sendDueTaskReminders(): Promise<number> {
  return db.transaction(async (tx) => {
    const { today } = await businessClock(tx)
    const due = rowsOf<{ id: string; assignee_id: string; title: string; org_id: string | null; org_name: string | null; due_on: string }>(
      await tx.execute(sql`
        update crm_tasks t set reminded_at = now()
        from (select id from crm_tasks where status = 'open' and reminded_at is null and due_on <= ${today}::date for update skip locked) d
        where t.id = d.id
        returning t.id, t.assignee_id, t.title, t.org_id, (select short_name from organisations o where o.id = t.org_id) as org_name, t.due_on::text`),
    )
    await notifyAll(
      tx,
      due.map((t) => ({
        to: { userIds: [t.assignee_id] },
        kind: 'crmTaskDue' as const,
        params: { title: t.title, customer: t.org_name ?? '—', day: t.due_on },
        link: t.org_id ? `/crm/customers/${t.org_id}` : '/crm/tasks',
      })),
    )
    return due.length
  })
}

/** Reminders every five minutes in this process (and when a manager opens the CRM home). */
export function startCrmTaskReminders() {
  const tick = () => void sendDueTaskReminders().catch((error: unknown) => logger.error({ err: error }, 'task reminders failed'))
  const timer = setInterval(tick, 5 * 60_000)
  timer.unref()
  tick()
  return () => clearInterval(timer)
}
