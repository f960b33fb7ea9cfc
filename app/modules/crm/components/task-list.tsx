import { Form, Link } from '@remix-run/react'
import { formatDay } from '../../../i18n/format'
import { useT } from '../../../i18n/react'
import type { TaskView } from '../tasks.server'

// Tasks with their due day (overdue said in words), the customer, and buttons to close them. The form posts to the
// page it is on (each page's action takes the `task` intent).
export function TaskList({
  tasks,
  today,
  canEdit,
  showCustomer = false,
}: {
  tasks: TaskView[]
  today: string
  canEdit: boolean
  showCustomer?: boolean
}) {
  const { t, locale } = useT()
  if (tasks.length === 0) return <p>{t('crm.tasks.none')}</p>
  return (
    <ul className="task-list">
      {tasks.map((task) => (
        <li key={task.id}>
          <strong>{task.title}</strong>
          {showCustomer && task.orgId ? (
            <>
              {' · '}
              <Link to={`/crm/customers/${task.orgId}`}>{task.orgName}</Link>
            </>
          ) : null}{' '}
          <span className={task.status === 'open' && task.dueOn < today ? 'overdue' : 'muted'}>
            {task.status === 'open' && task.dueOn < today
              ? t('crm.task.overdue', { day: formatDay(locale, task.dueOn) })
              : t('crm.task.due', { day: formatDay(locale, task.dueOn) })}
            {task.status !== 'open' ? ` · ${t(`crm.task.status.${task.status}`)}` : ''}
          </span>
          {task.movedFrom ? <span className="muted"> — {t('crm.task.moved', { from: formatDay(locale, task.movedFrom) })}</span> : null}
          {canEdit ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="task" />
              <input type="hidden" name="taskId" value={task.id} />
              {task.status === 'open' ? (
                <>
                  <button type="submit" name="status" value="done" aria-label={`${t('crm.task.done')}: ${task.title}`}>
                    {t('crm.task.done')}
                  </button>
                  <button type="submit" name="status" value="cancelled" aria-label={`${t('crm.task.cancel')}: ${task.title}`}>
                    {t('crm.task.cancel')}
                  </button>
                </>
              ) : (
                <button type="submit" name="status" value="open">
                  {t('crm.task.reopen')}
                </button>
              )}
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  )
}
