import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { formatDay } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { TaskList } from '../modules/crm/components/task-list'
import { TaskStatusForm } from '../modules/crm/customer-schemas'
import { listCrmStaff } from '../modules/crm/customers.server'
import { listTasks, setTaskStatus } from '../modules/crm/tasks.server'
import { addDays } from '../modules/delivery-terms/earliest-date'
import { ruCalendar } from '../modules/delivery-terms/ru-calendar'
import { businessClock } from '../utils/clock.server'
import { parseForm, readFormData } from '../utils/http.server'

// The planner (issue 15): one staff member's week, day by day on the working-day calendar.

const Query = z.object({
  person: z.string().uuid().optional().catch(undefined),
  week: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)))
    .optional()
    .catch(undefined),
})

/** The Monday of the week a day falls in. */
const mondayOf = (day: string) => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7))

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams))
  const { today } = await businessClock()
  const staff = await listCrmStaff()
  const person = query.person && staff.some((s) => s.id === query.person) ? query.person : auth.user.id
  const monday = mondayOf(query.week ?? today)
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i))
  const tasks = await listTasks({ scope: auth.scope, assigneeId: person, from: days[0], to: days[6] })
  return json({
    today,
    staff,
    person,
    monday,
    prev: addDays(monday, -7),
    next: addDays(monday, 7),
    canEdit: auth.permissions.includes('manage:crm:any'),
    days: days.map((day) => ({ day, working: ruCalendar.isWorkingDay(day), tasks: tasks.filter((t) => t.dueOn === day) })),
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:crm:any')
  const submission = parseForm(await readFormData(request), { schema: TaskStatusForm })
  if (submission.status !== 'success') return json({ ok: false }, { status: 400 })
  const done = await setTaskStatus({ scope: auth.scope, actor: actorOf(auth, context.clientIp), ...submission.value })
  return json({ ok: done.ok }, { status: done.ok ? 200 : 404 })
}

export default function Planner() {
  const d = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  return (
    <section aria-labelledby="planner-title">
      <h1 id="planner-title">{t('crm.tasks.title')}</h1>
      <CrmTabs />
      <Form method="get" className="inline-form">
        <label htmlFor="planner-person">{t('crm.tasks.person')}</label>
        <select id="planner-person" name="person" defaultValue={d.person}>
          {d.staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <input type="hidden" name="week" value={d.monday} />
        <button type="submit">{t('crm.tasks.show')}</button>
      </Form>
      <p className="link-row">
        <Link to={`?person=${d.person}&week=${d.prev}`}>{t('crm.tasks.prev')}</Link>
        <strong>{t('crm.tasks.week', { day: formatDay(locale, d.monday) })}</strong>
        <Link to={`?person=${d.person}&week=${d.next}`}>{t('crm.tasks.next')}</Link>
      </p>
      {d.days.map((day) => (
        <section key={day.day} aria-labelledby={`day-${day.day}`} className={day.day === d.today ? 'planner-day today' : 'planner-day'}>
          <h2 id={`day-${day.day}`}>
            {formatDay(locale, day.day)}
            {day.working ? '' : ` · ${t('crm.tasks.nonWorking')}`}
          </h2>
          <TaskList tasks={day.tasks} today={d.today} canEdit={d.canEdit} showCustomer />
        </section>
      ))}
    </section>
  )
}
