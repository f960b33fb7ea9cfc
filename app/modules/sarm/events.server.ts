import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm'
import { db, type DbOrTx, type Tx } from '../../../db/client.server'
import { organisations, users } from '../../../db/schema'
import { programmeMembers, programmeTiers } from '../../../db/schema/prm'
import { contestAwards, contests, sarmEventRsvps, sarmEvents, type EventEligibility } from '../../../db/schema/sarm'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { AnyScope, OrgScope } from '../auth/scope.server'
import { notifyAll } from '../notifications/mutations.server'
import { businessClock } from '../../utils/clock.server'
import type { EventInput } from './learning-schemas'
import { cancelPlace, eventPlaces, seatsOf, takePlace } from './places.server'

// Factory tours and corporate events (issue 14): the partner desk creates them with who may come; assistants RSVP
// within the capacity or join the waiting list; a cancellation moves the first waiting person up and tells them.
// The seats, the waiting list and the move-up are the shared rules of places.server.ts, always under the event
// row's lock (FOR UPDATE): of two simultaneous RSVPs for the last seat one gets it.

/** Who is eligible: any one criterion that holds admits (everyone; invited; a winner of a listed contest; the tier). */
async function isEligible(tx: DbOrTx, e: EventEligibility, who: { orgId: string; userId: string }) {
  if (e.everyone) return true
  if (e.invitedUserIds?.includes(who.userId)) return true
  if (e.contestWinnersOf?.length) {
    const [won] = await tx
      .select({ id: contestAwards.id })
      .from(contestAwards)
      .where(and(inArray(contestAwards.contestId, e.contestWinnersOf), eq(contestAwards.userId, who.userId), eq(contestAwards.orgId, who.orgId)))
      .limit(1)
    if (won) return true
  }
  if (e.minTierRank != null) {
    const [tier] = await tx
      .select({ rank: programmeTiers.rank })
      .from(programmeMembers)
      .innerJoin(programmeTiers, eq(programmeTiers.id, programmeMembers.tierId))
      .where(and(eq(programmeMembers.orgId, who.orgId), gte(programmeTiers.rank, e.minTierRank)))
      .limit(1)
    if (tier) return true
  }
  return false
}

/** The eligibility as the desk typed it, as stored: an empty choice means nobody but the invited. */
export function eligibilityOf(input: EventInput): EventEligibility {
  if (input.eligibility === 'everyone') return { everyone: true }
  if (input.eligibility === 'winners') return { contestWinnersOf: input.contestIds }
  if (input.eligibility === 'tier') return { minTierRank: input.minTierRank ?? 1 }
  return { invitedUserIds: input.invitedUserIds }
}

export async function saveEvent({ scope, actor, input }: { scope: AnyScope; actor: Actor; input: EventInput }) {
  void scope
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(sarmEvents)
      .values({
        kind: input.kind,
        titleRu: input.titleRu,
        titleEn: input.titleEn,
        descriptionRu: input.descriptionRu,
        descriptionEn: input.descriptionEn,
        startsAt: input.startsAt,
        place: input.place,
        capacity: input.capacity,
        eligibility: eligibilityOf(input),
        createdBy: actor.userId,
      })
      .returning({ id: sarmEvents.id })
    await writeAudit(tx, actor, {
      action: 'event.saved',
      entity: 'sarm_event',
      entityId: row.id,
      details: { kind: input.kind, capacity: input.capacity },
    })
    return row.id
  })
}

export type RsvpResult = { ok: true; status: 'going' | 'waitlisted'; position: number } | { ok: false; status: 404 | 403 | 409; error: string }

/** An assistant's RSVP: a seat while there is one, else the waiting list with the place on it. */
export async function rsvpEvent({
  scope,
  actor,
  userId,
  eventId,
}: {
  scope: OrgScope
  actor: Actor
  userId: string
  eventId: string
}): Promise<RsvpResult> {
  return db.transaction(async (tx) => {
    // The lock that serialises RSVPs for one event: the seat count below cannot change until this commits.
    const [e] = await tx.select().from(sarmEvents).where(eq(sarmEvents.id, eventId)).for('update')
    if (!e) return { ok: false, status: 404, error: 'sarm.event.error.notFound' }
    // Business time is the database's clock.
    const { now } = await businessClock(tx)
    if (e.startsAt <= now) return { ok: false, status: 409, error: 'sarm.event.error.past' }
    if (!(await isEligible(tx, e.eligibility, { orgId: scope.orgId, userId })))
      return { ok: false, status: 403, error: 'sarm.event.error.notEligible' }
    const placed = await takePlace(tx, eventPlaces, { actor, orgId: scope.orgId, userId, parentId: eventId, capacity: e.capacity })
    if (!placed) return { ok: false, status: 409, error: 'sarm.event.error.already' }
    return { ok: true, ...placed }
  })
}

export async function cancelRsvp({ scope, actor, userId, eventId }: { scope: OrgScope; actor: Actor; userId: string; eventId: string }) {
  return cancelPlace(eventPlaces, { actor, orgId: scope.orgId, userId, parentId: eventId })
}

/** The events an assistant may come to (upcoming), with the seats left and the person's own answer. */
export async function eventsForAssistant({ scope, userId }: { scope: OrgScope; userId: string }) {
  const upcoming = await db
    .select()
    .from(sarmEvents)
    .where(gte(sarmEvents.startsAt, sql`now()`))
    .orderBy(asc(sarmEvents.startsAt))
    .limit(100)
  const mine = upcoming.length
    ? await db
        .select({ eventId: sarmEventRsvps.eventId, status: sarmEventRsvps.status })
        .from(sarmEventRsvps)
        .where(
          and(
            eq(sarmEventRsvps.userId, userId),
            eq(sarmEventRsvps.orgId, scope.orgId),
            inArray(
              sarmEventRsvps.eventId,
              upcoming.map((e) => e.id),
            ),
          ),
        )
    : []
  const answer = new Map(mine.map((m) => [m.eventId, m.status]))
  const out = []
  for (const e of upcoming) {
    const status = answer.get(e.id) ?? null
    // One's own RSVP stays visible even should the eligibility change later.
    if (!status && !(await isEligible(db, e.eligibility, { orgId: scope.orgId, userId }))) continue
    const seats = await seatsOf(db, eventPlaces, e.id, userId)
    out.push({
      id: e.id,
      kind: e.kind,
      titleRu: e.titleRu,
      titleEn: e.titleEn,
      descriptionRu: e.descriptionRu,
      descriptionEn: e.descriptionEn,
      startsAt: e.startsAt.toISOString(),
      place: e.place,
      capacity: e.capacity,
      seatsLeft: Math.max(e.capacity - seats.taken, 0),
      waitlisted: seats.waitlisted,
      status,
      position: seats.myPosition,
    })
  }
  return out
}

export async function listEvents({ scope }: { scope: AnyScope }) {
  void scope
  const rows = await db
    .select({
      id: sarmEvents.id,
      kind: sarmEvents.kind,
      titleRu: sarmEvents.titleRu,
      titleEn: sarmEvents.titleEn,
      startsAt: sarmEvents.startsAt,
      place: sarmEvents.place,
      capacity: sarmEvents.capacity,
      going: sql<number>`(select count(*)::int from ${sarmEventRsvps} r where r.event_id = ${sarmEvents.id} and r.status = 'going')`,
      waitlisted: sql<number>`(select count(*)::int from ${sarmEventRsvps} r where r.event_id = ${sarmEvents.id} and r.status = 'waitlisted')`,
    })
    .from(sarmEvents)
    .orderBy(desc(sarmEvents.startsAt))
    .limit(200)
  return rows.map((r) => ({ ...r, startsAt: r.startsAt.toISOString() }))
}

/** One event for the desk: the event and every answer, who and from which dealer, in the order they came. */
export async function eventForDesk({ scope, eventId }: { scope: AnyScope; eventId: string }) {
  void scope
  const [e] = await db.select().from(sarmEvents).where(eq(sarmEvents.id, eventId))
  if (!e) return null
  const rsvps = await db
    .select({
      id: sarmEventRsvps.id,
      status: sarmEventRsvps.status,
      attended: sarmEventRsvps.attended,
      createdAt: sarmEventRsvps.createdAt,
      name: users.displayName,
      email: users.email,
      dealer: organisations.shortName,
    })
    .from(sarmEventRsvps)
    .innerJoin(users, eq(users.id, sarmEventRsvps.userId))
    .innerJoin(organisations, eq(organisations.id, sarmEventRsvps.orgId))
    .where(eq(sarmEventRsvps.eventId, eventId))
    .orderBy(asc(sarmEventRsvps.createdAt), asc(sarmEventRsvps.id))
  return {
    event: { ...e, startsAt: e.startsAt.toISOString(), remindedAt: e.remindedAt?.toISOString() ?? null },
    rsvps: rsvps.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  }
}

/** The organiser marks who came; only people holding a seat can be marked. */
export async function markEventAttendance({
  scope,
  actor,
  eventId,
  attendedIds,
}: {
  scope: AnyScope
  actor: Actor
  eventId: string
  attendedIds: string[]
}) {
  void scope
  return db.transaction(async (tx) => {
    const [e] = await tx.select({ id: sarmEvents.id }).from(sarmEvents).where(eq(sarmEvents.id, eventId)).for('update')
    if (!e) return null
    const going = await tx
      .select({ id: sarmEventRsvps.id })
      .from(sarmEventRsvps)
      .where(and(eq(sarmEventRsvps.eventId, eventId), eq(sarmEventRsvps.status, 'going')))
    const chosen = new Set(attendedIds)
    for (const r of going)
      await tx
        .update(sarmEventRsvps)
        .set({ attended: chosen.has(r.id), updatedAt: new Date() })
        .where(eq(sarmEventRsvps.id, r.id))
    const attended = going.filter((r) => chosen.has(r.id)).length
    await writeAudit(tx, actor, { action: 'event.attendance', entity: 'sarm_event', entityId: eventId, details: { attended, of: going.length } })
    return { attended, of: going.length }
  })
}

/** Reminds everyone holding a seat (inbox and e-mail) and records when; the desk's button or the daily check. */
export async function sendEventReminders(tx: Tx, eventId: string) {
  const [e] = await tx.select().from(sarmEvents).where(eq(sarmEvents.id, eventId)).for('update')
  if (!e) return null
  const going = await tx
    .select({ userId: sarmEventRsvps.userId, orgId: sarmEventRsvps.orgId })
    .from(sarmEventRsvps)
    .where(and(eq(sarmEventRsvps.eventId, eventId), eq(sarmEventRsvps.status, 'going')))
  const told = await notifyAll(
    tx,
    going.map((g) => ({
      to: { userIds: [g.userId] },
      kind: 'sarmEventReminder' as const,
      params: { titleRu: e.titleRu, titleEn: e.titleEn, place: e.place, startsOn: e.startsAt.toISOString().slice(0, 10) },
      link: '/assistant/events',
      orgId: g.orgId,
      mail: true,
    })),
  )
  await tx.update(sarmEvents).set({ remindedAt: new Date() }).where(eq(sarmEvents.id, eventId))
  return told
}

export async function remindNow({ scope, actor, eventId }: { scope: AnyScope; actor: Actor; eventId: string }) {
  void scope
  return db.transaction(async (tx) => {
    const told = await sendEventReminders(tx, eventId)
    if (told !== null) await writeAudit(tx, actor, { action: 'event.saved', entity: 'sarm_event', entityId: eventId, details: { reminded: told } })
    return told
  })
}

/**
 * The daily reminder, checked when the desk's events list is read (there is no worker for it): every event in the
 * next two days not yet reminded gets its reminders once.
 */
export async function remindDueEvents({ scope }: { scope: AnyScope }) {
  void scope
  const due = await db
    .select({ id: sarmEvents.id })
    .from(sarmEvents)
    .where(and(isNull(sarmEvents.remindedAt), gte(sarmEvents.startsAt, sql`now()`), lte(sarmEvents.startsAt, sql`now() + interval '2 days'`)))
  for (const e of due) await db.transaction((tx) => sendEventReminders(tx, e.id))
  return due.length
}

/** The people an invitation list names, by e-mail; the e-mails that match nobody, to tell the desk. */
export async function resolveInvitees(emails: string[]) {
  if (!emails.length) return { userIds: [] as string[], unknown: [] as string[] }
  const found = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails))
  const known = new Set(found.map((u) => u.email))
  return { userIds: found.map((u) => u.id), unknown: emails.filter((e) => !known.has(e)) }
}

/** Contests to pick winners from, newest first. */
export async function contestChoices() {
  return db
    .select({ id: contests.id, nameRu: contests.nameRu, nameEn: contests.nameEn, periodEnd: contests.periodEnd })
    .from(contests)
    .orderBy(desc(contests.periodEnd))
    .limit(100)
}
