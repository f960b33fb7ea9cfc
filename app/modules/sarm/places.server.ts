import { sql } from 'drizzle-orm'
import { db, type DbOrTx, type Tx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import type { MessageKey } from '../../i18n'
import { writeAudit, type Actor, type AuditEntry } from '../audit/mutations.server'
import { notifyAll, type Notice } from '../notifications/mutations.server'

// Places on something with a capacity (issue 14): a tour's or event's RSVP and an in-person training's registration
// follow one set of rules, kept here once. A place is a seat while one is free, else the waiting list in the order
// people came; a cancellation moves the first waiting people up into the freed seats and tells them. Seats are
// shared across dealers while row-level security shows a dealer only its own rows, so the counts and the move-up go
// through the definer functions of migration 0026. Every caller holds the event's (training's) row lock (FOR UPDATE)
// first: the seat count cannot change until it commits, so of two requests for the last seat one gets it.

/** What differs between events and trainings: the tables and functions, the seated status, the notice, the audit. */
export type PlaceKind<Seated extends string> = {
  /** What the places are on; its row is the lock. */
  parentTable: 'sarm_events' | 'trainings'
  table: 'sarm_event_rsvps' | 'training_registrations'
  /** The column naming the event (training) a place is on. */
  parent: 'event_id' | 'training_id'
  seatsFn: 'sarm_event_seats' | 'sarm_training_seats'
  promoteFn: 'sarm_event_promote' | 'sarm_training_promote'
  seated: Seated
  /** A new answer after a cancellation starts afresh: the attendance an earlier seat had marked goes too. */
  clearOnRetake: 'attended' | null
  notice: Notice['kind']
  link: (parentId: string) => string
  audit: Pick<AuditEntry, 'action' | 'entity'>
  errors: { notFound: MessageKey; notRegistered: MessageKey }
}

export const eventPlaces: PlaceKind<'going'> = {
  parentTable: 'sarm_events',
  table: 'sarm_event_rsvps',
  parent: 'event_id',
  seatsFn: 'sarm_event_seats',
  promoteFn: 'sarm_event_promote',
  seated: 'going',
  clearOnRetake: 'attended',
  notice: 'sarmEventSeat',
  link: () => '/assistant/events',
  audit: { action: 'event.rsvp', entity: 'sarm_event' },
  errors: { notFound: 'sarm.event.error.notFound', notRegistered: 'sarm.event.error.notRegistered' },
}

export const trainingPlaces: PlaceKind<'registered'> = {
  parentTable: 'trainings',
  table: 'training_registrations',
  parent: 'training_id',
  seatsFn: 'sarm_training_seats',
  promoteFn: 'sarm_training_promote',
  seated: 'registered',
  clearOnRetake: null,
  notice: 'sarmTrainingSeat',
  link: (trainingId) => `/assistant/trainings/${trainingId}`,
  audit: { action: 'training.registered', entity: 'training' },
  errors: { notFound: 'sarm.training.error.notFound', notRegistered: 'sarm.training.error.notRegistered' },
}

export type Seats = { taken: number; waitlisted: number; myPosition: number }

/** The seats taken, the waiting list's length and, given a person, their place on it (0 when not waiting). */
export async function seatsOf(tx: DbOrTx, kind: PlaceKind<string>, parentId: string, userId: string | null): Promise<Seats> {
  const [row] = rowsOf<{ going: string; waitlisted: string; my_position: string }>(
    await tx.execute(sql`select going, waitlisted, my_position from ${sql.identifier(kind.seatsFn)}(${parentId}::uuid, ${userId}::uuid)`),
  )
  return { taken: Number(row?.going ?? 0), waitlisted: Number(row?.waitlisted ?? 0), myPosition: Number(row?.my_position ?? 0) }
}

type Who = { actor: Actor; orgId: string; userId: string; parentId: string }

/**
 * Takes a place for the person: a seat while fewer than the capacity are taken, else the waiting list. Null when
 * they hold one already. The caller holds the row lock and has checked the event (training) is open to them.
 */
export async function takePlace<Seated extends string>(
  tx: Tx,
  kind: PlaceKind<Seated>,
  { actor, orgId, userId, parentId, capacity }: Who & { capacity: number },
): Promise<{ status: Seated | 'waitlisted'; position: number } | null> {
  const table = sql.identifier(kind.table)
  const parent = sql.identifier(kind.parent)
  const [mine] = rowsOf<{ id: string; status: string }>(
    await tx.execute(
      sql`select id, status from ${table} where ${parent} = ${parentId}::uuid and user_id = ${userId}::uuid and org_id = ${orgId}::uuid`,
    ),
  )
  if (mine && mine.status !== 'cancelled') return null
  const seats = await seatsOf(tx, kind, parentId, null)
  const status = seats.taken < capacity ? kind.seated : 'waitlisted'
  // A new answer after a cancellation takes a new place in the queue: its time is now.
  const now = new Date().toISOString()
  if (mine)
    await tx.execute(
      sql`update ${table} set status = ${status}, created_at = ${now}::timestamptz, updated_at = ${now}::timestamptz${
        kind.clearOnRetake ? sql`, ${sql.identifier(kind.clearOnRetake)} = null` : sql``
      } where id = ${mine.id}::uuid`,
    )
  else
    await tx.execute(
      sql`insert into ${table} (${parent}, org_id, user_id, status) values (${parentId}::uuid, ${orgId}::uuid, ${userId}::uuid, ${status})`,
    )
  await writeAudit(tx, actor, { ...kind.audit, entityId: parentId, orgId, details: { status } })
  return { status, position: (await seatsOf(tx, kind, parentId, userId)).myPosition }
}

/**
 * Cancels the person's seat or waiting place, moves the first waiting people up into the free seats and tells each
 * of them (inbox and e-mail), in one transaction under the event's (training's) row lock.
 */
export async function cancelPlace(kind: PlaceKind<string>, { actor, orgId, userId, parentId }: Who) {
  return db.transaction(async (tx) => {
    const [parent] = rowsOf<{ title_ru: string; title_en: string }>(
      await tx.execute(sql`select title_ru, title_en from ${sql.identifier(kind.parentTable)} where id = ${parentId}::uuid for update`),
    )
    if (!parent) return { ok: false as const, status: 404 as const, error: kind.errors.notFound }
    const [mine] = rowsOf<{ id: string }>(
      await tx.execute(
        sql`update ${sql.identifier(kind.table)} set status = 'cancelled', updated_at = ${new Date().toISOString()}::timestamptz
          where ${sql.identifier(kind.parent)} = ${parentId}::uuid and user_id = ${userId}::uuid and org_id = ${orgId}::uuid
            and status in (${kind.seated}, 'waitlisted')
          returning id`,
      ),
    )
    if (!mine) return { ok: false as const, status: 409 as const, error: kind.errors.notRegistered }
    const up = rowsOf<{ user_id: string; org_id: string }>(
      await tx.execute(sql`select user_id, org_id from ${sql.identifier(kind.promoteFn)}(${parentId}::uuid)`),
    )
    await notifyAll(
      tx,
      up.map((p) => ({
        to: { userIds: [p.user_id] },
        kind: kind.notice,
        params: { titleRu: parent.title_ru, titleEn: parent.title_en },
        link: kind.link(parentId),
        orgId: p.org_id,
        mail: true,
      })),
    )
    await writeAudit(tx, actor, { ...kind.audit, entityId: parentId, orgId, details: { status: 'cancelled', promoted: up.length } })
    return { ok: true as const, promoted: up.length }
  })
}
