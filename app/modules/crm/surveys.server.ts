import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { users } from '../../../db/schema/auth'
import { crmContacts, crmSurveyInvitations, crmSurveyResponses, crmSurveyWaves } from '../../../db/schema/crm'
import { organisations } from '../../../db/schema/tenancy'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { AnyScope, OrgScope } from '../auth/scope.server'
import { notifyAll } from '../notifications/mutations.server'
import { businessClock } from '../../utils/clock.server'
import { change, scoreGroup, type Answer, type GroupScores } from './servqual'
import type { AnswerInput, WaveInput } from './survey-schemas'

// SERVQUAL waves (issue 15 "SERVQUAL"): staff ask chosen contacts, each gets an inbox message with a link to the
// form; answers are stored raw and every score is computed from them on reading (./servqual), so a wave's figures
// can always be recomputed and SERVPERF sits beside SERVQUAL. A contact is asked only with a portal account and a
// standing consent to be contacted. Staff functions take an AnyScope; the respondent's take its OrgScope and user.

export type WaveStatus = 'upcoming' | 'open' | 'closed'
const statusOf = (today: string, opensOn: string, closesOn: string): WaveStatus =>
  today < opensOn ? 'upcoming' : today > closesOn ? 'closed' : 'open'

// Named in full: in a one-table select drizzle writes the wave's id unqualified, and inside the counts' subqueries
// a bare "id" would mean the invitation's or response's own id (every wave then showed 0 asked and 0 answered).
const WAVE_ID = sql.raw('"crm_survey_waves"."id"')

/** Every wave, newest first, with how many were asked and answered. */
export async function listWaves({ scope: _ }: { scope: AnyScope }) {
  const { today } = await businessClock()
  const rows = await db
    .select({
      id: crmSurveyWaves.id,
      titleRu: crmSurveyWaves.titleRu,
      titleEn: crmSurveyWaves.titleEn,
      opensOn: crmSurveyWaves.opensOn,
      closesOn: crmSurveyWaves.closesOn,
      minAnswers: crmSurveyWaves.minAnswers,
      invited: sql<number>`(select count(*)::int from ${crmSurveyInvitations} i where i.wave_id = ${WAVE_ID})`,
      answered: sql<number>`(select count(*)::int from ${crmSurveyResponses} r where r.wave_id = ${WAVE_ID})`,
      organisations: sql<number>`(select count(distinct i.org_id)::int from ${crmSurveyInvitations} i where i.wave_id = ${WAVE_ID})`,
    })
    .from(crmSurveyWaves)
    .orderBy(desc(crmSurveyWaves.opensOn), desc(crmSurveyWaves.createdAt))
  return rows.map((w) => ({ ...w, status: statusOf(today, w.opensOn, w.closesOn) }))
}

/** The people a wave can ask: contacts with an active portal account and consent given and not withdrawn. */
export async function listInvitableContacts({ scope: _ }: { scope: AnyScope }) {
  return db
    .select({
      contactId: crmContacts.id,
      fullName: crmContacts.fullName,
      position: crmContacts.position,
      orgId: crmContacts.orgId,
      orgName: organisations.shortName,
    })
    .from(crmContacts)
    .innerJoin(organisations, eq(organisations.id, crmContacts.orgId))
    .innerJoin(users, eq(users.id, crmContacts.userId))
    .where(
      and(isNotNull(crmContacts.consentGivenAt), isNull(crmContacts.consentWithdrawnAt), isNull(users.disabledAt), isNull(organisations.disabledAt)),
    )
    .orderBy(asc(organisations.shortName), asc(crmContacts.fullName))
}

export type WaveOutcome = { ok: true; id: string; invited: number } | { ok: false; fieldErrors: Record<string, string[]> }

/** Opens a wave and invites the chosen people, one inbox message (and e-mail) each, in one transaction. */
export async function createWave({ scope, actor, input }: { scope: AnyScope; actor: Actor; input: WaveInput }): Promise<WaveOutcome> {
  const eligible = await listInvitableContacts({ scope })
  const chosen = new Set(input.contactIds)
  const people = eligible.filter((c) => chosen.has(c.contactId))
  if (people.length < chosen.size)
    return { ok: false, fieldErrors: { contactIds: [`crm.surveys.error.notInvitable|${chosen.size - people.length}`] } }
  return db.transaction(async (tx) => {
    const [wave] = await tx
      .insert(crmSurveyWaves)
      .values({
        titleRu: input.titleRu,
        titleEn: input.titleEn,
        opensOn: input.opensOn,
        closesOn: input.closesOn,
        minAnswers: input.minAnswers,
        createdBy: actor.userId,
      })
      .returning({ id: crmSurveyWaves.id })
    const invitations = await inviteContacts(
      tx,
      wave!.id,
      people.map((p) => p.contactId),
    )
    await notifyAll(
      tx,
      invitations.map((i) => ({
        to: { userIds: [i.userId] },
        kind: 'crmSurveyInvite' as const,
        params: { titleRu: input.titleRu, titleEn: input.titleEn, closesOn: input.closesOn },
        link: `/surveys/${i.id}`,
        orgId: i.orgId,
        mail: true,
      })),
    )
    await writeAudit(tx, actor, {
      action: 'crm_survey.saved',
      entity: 'crm_survey_wave',
      entityId: wave!.id,
      details: { title: input.titleRu, opensOn: input.opensOn, closesOn: input.closesOn, invited: invitations.length },
    })
    return { ok: true as const, id: wave!.id, invited: invitations.length }
  })
}

/** One invitation per person (a person who is a contact of two customers is asked once, for the first). */
export async function inviteContacts(tx: DbOrTx, waveId: string, contactIds: readonly string[]) {
  if (!contactIds.length) return []
  const people = await tx
    .selectDistinctOn([crmContacts.userId], { orgId: crmContacts.orgId, contactId: crmContacts.id, userId: crmContacts.userId })
    .from(crmContacts)
    .where(and(inArray(crmContacts.id, [...contactIds]), isNotNull(crmContacts.userId)))
    .orderBy(crmContacts.userId, crmContacts.createdAt)
  if (!people.length) return []
  return tx
    .insert(crmSurveyInvitations)
    .values(people.map((p) => ({ waveId, orgId: p.orgId, contactId: p.contactId, userId: p.userId! })))
    .onConflictDoNothing()
    .returning({ id: crmSurveyInvitations.id, userId: crmSurveyInvitations.userId, orgId: crmSurveyInvitations.orgId })
}

const invitationColumns = {
  id: crmSurveyInvitations.id,
  waveId: crmSurveyWaves.id,
  titleRu: crmSurveyWaves.titleRu,
  titleEn: crmSurveyWaves.titleEn,
  opensOn: crmSurveyWaves.opensOn,
  closesOn: crmSurveyWaves.closesOn,
  sentAt: crmSurveyInvitations.sentAt,
  answeredAt: crmSurveyInvitations.answeredAt,
}

/** The signed-in person's invitations in their organisation, open ones first. */
export async function listMyInvitations({ scope, userId }: { scope: OrgScope; userId: string }) {
  const { today } = await businessClock()
  const rows = await db
    .select(invitationColumns)
    .from(crmSurveyInvitations)
    .innerJoin(crmSurveyWaves, eq(crmSurveyWaves.id, crmSurveyInvitations.waveId))
    .where(and(eq(crmSurveyInvitations.orgId, scope.orgId), eq(crmSurveyInvitations.userId, userId)))
    .orderBy(desc(crmSurveyWaves.opensOn))
  return rows
    .map((r) => ({ ...r, status: statusOf(today, r.opensOn, r.closesOn), answered: r.answeredAt !== null }))
    .sort((a, b) => Number(a.answered) - Number(b.answered))
}

/** One of the person's own invitations, or null (someone else's is as absent as one that does not exist). */
export async function getMyInvitation({ scope, userId, invitationId }: { scope: OrgScope; userId: string; invitationId: string }) {
  const { today } = await businessClock()
  const [row] = await db
    .select(invitationColumns)
    .from(crmSurveyInvitations)
    .innerJoin(crmSurveyWaves, eq(crmSurveyWaves.id, crmSurveyInvitations.waveId))
    .where(and(eq(crmSurveyInvitations.id, invitationId), eq(crmSurveyInvitations.orgId, scope.orgId), eq(crmSurveyInvitations.userId, userId)))
  return row ? { ...row, status: statusOf(today, row.opensOn, row.closesOn), answered: row.answeredAt !== null } : null
}

export type AnswerOutcome = { ok: true } | { ok: false; reason: 'notFound' | 'answered' | 'notOpen' }

/**
 * Stores one answer as given. The invitation is claimed by the update that marks it answered, so a second submit
 * (another tab, a double click) finds it taken and stores nothing.
 */
export async function submitAnswer({
  scope,
  actor,
  userId,
  invitationId,
  answer,
}: {
  scope: OrgScope
  actor: Actor
  userId: string
  invitationId: string
  answer: AnswerInput
}): Promise<AnswerOutcome> {
  return db.transaction(async (tx) => {
    const { today } = await businessClock(tx)
    const [own] = await tx
      .select({
        waveId: crmSurveyInvitations.waveId,
        answeredAt: crmSurveyInvitations.answeredAt,
        opensOn: crmSurveyWaves.opensOn,
        closesOn: crmSurveyWaves.closesOn,
      })
      .from(crmSurveyInvitations)
      .innerJoin(crmSurveyWaves, eq(crmSurveyWaves.id, crmSurveyInvitations.waveId))
      .where(and(eq(crmSurveyInvitations.id, invitationId), eq(crmSurveyInvitations.orgId, scope.orgId), eq(crmSurveyInvitations.userId, userId)))
    if (!own) return { ok: false as const, reason: 'notFound' as const }
    if (statusOf(today, own.opensOn, own.closesOn) !== 'open') return { ok: false as const, reason: 'notOpen' as const }
    const claimed = await tx
      .update(crmSurveyInvitations)
      .set({ answeredAt: sql`now()` })
      .where(and(eq(crmSurveyInvitations.id, invitationId), isNull(crmSurveyInvitations.answeredAt)))
      .returning({ id: crmSurveyInvitations.id })
    if (!claimed.length) return { ok: false as const, reason: 'answered' as const }
    await tx.insert(crmSurveyResponses).values({ waveId: own.waveId, invitationId, orgId: scope.orgId, userId, ...answer })
    await writeAudit(tx, actor, {
      action: 'crm_survey.answered',
      entity: 'crm_survey_invitation',
      entityId: invitationId,
      orgId: scope.orgId,
      details: { waveId: own.waveId },
    })
    return { ok: true as const }
  })
}

type Raw = { waveId: string; orgId: string; expectations: number[]; perceptions: number[]; importance: number[] }

async function answersOf(waveIds: readonly string[], orgId?: string): Promise<Raw[]> {
  if (!waveIds.length) return []
  return db
    .select({
      waveId: crmSurveyResponses.waveId,
      orgId: crmSurveyResponses.orgId,
      expectations: crmSurveyResponses.expectations,
      perceptions: crmSurveyResponses.perceptions,
      importance: crmSurveyResponses.importance,
    })
    .from(crmSurveyResponses)
    .where(and(inArray(crmSurveyResponses.waveId, [...waveIds]), orgId ? eq(crmSurveyResponses.orgId, orgId) : undefined))
}

const asAnswer = (r: Raw): Answer => ({ expectations: r.expectations, perceptions: r.perceptions, importance: r.importance })

export interface TrendPoint {
  waveId: string
  titleRu: string
  titleEn: string
  opensOn: string
  group: GroupScores
  /** Against the previous wave that had a score: Welch's interval of the weighted SQ's change. */
  change: ReturnType<typeof change>
}

/** The waves in time order, each scored for the whole of it or for one organisation, with the change between them. */
function trendOf(waves: { id: string; titleRu: string; titleEn: string; opensOn: string; minAnswers: number }[], answers: Raw[], orgId?: string) {
  const points: TrendPoint[] = []
  let previous: GroupScores['scores'] = null
  for (const w of [...waves].sort((a, b) => (a.opensOn < b.opensOn ? -1 : 1))) {
    const group = scoreGroup(answers.filter((a) => a.waveId === w.id && (!orgId || a.orgId === orgId)).map(asAnswer), w.minAnswers)
    points.push({
      waveId: w.id,
      titleRu: w.titleRu,
      titleEn: w.titleEn,
      opensOn: w.opensOn,
      group,
      change: previous && group.scores ? change(previous.sqWeighted, group.scores.sqWeighted) : null,
    })
    if (group.scores) previous = group.scores
  }
  return points
}

const waveColumns = {
  id: crmSurveyWaves.id,
  titleRu: crmSurveyWaves.titleRu,
  titleEn: crmSurveyWaves.titleEn,
  opensOn: crmSurveyWaves.opensOn,
  closesOn: crmSurveyWaves.closesOn,
  minAnswers: crmSurveyWaves.minAnswers,
}

/** A wave's results: everyone's scores, each organisation's (withheld below the minimum), and the trend over waves. */
export async function waveResults({ scope: _, waveId }: { scope: AnyScope; waveId: string }) {
  const waves = await db.select(waveColumns).from(crmSurveyWaves).orderBy(asc(crmSurveyWaves.opensOn))
  const wave = waves.find((w) => w.id === waveId)
  if (!wave) return null
  const { today } = await businessClock()
  const trendWaves = waves.filter((w) => w.opensOn <= wave.opensOn).slice(-8)
  const answers = await answersOf(trendWaves.map((w) => w.id))
  const here = answers.filter((a) => a.waveId === waveId)
  const invited = await db
    .select({
      orgId: crmSurveyInvitations.orgId,
      name: organisations.shortName,
      invited: sql<number>`count(*)::int`,
      answered: sql<number>`count(${crmSurveyInvitations.answeredAt})::int`,
    })
    .from(crmSurveyInvitations)
    .innerJoin(organisations, eq(organisations.id, crmSurveyInvitations.orgId))
    .where(eq(crmSurveyInvitations.waveId, waveId))
    .groupBy(crmSurveyInvitations.orgId, organisations.shortName)
    .orderBy(desc(sql`count(${crmSurveyInvitations.answeredAt})`), asc(organisations.shortName))
  return {
    wave: { ...wave, status: statusOf(today, wave.opensOn, wave.closesOn) },
    overall: scoreGroup(here.map(asAnswer), wave.minAnswers),
    organisations: invited.map((o) => ({
      ...o,
      group: scoreGroup(here.filter((a) => a.orgId === o.orgId).map(asAnswer), wave.minAnswers),
    })),
    trend: trendOf(trendWaves, answers),
  }
}

/** One customer's service quality over the waves it was asked in (the customer card's tab). */
export async function customerServiceQuality({ scope: _, orgId }: { scope: AnyScope; orgId: string }) {
  const waves = await db
    .selectDistinct(waveColumns)
    .from(crmSurveyWaves)
    .innerJoin(crmSurveyInvitations, eq(crmSurveyInvitations.waveId, crmSurveyWaves.id))
    .where(eq(crmSurveyInvitations.orgId, orgId))
  const answers = await answersOf(
    waves.map((w) => w.id),
    orgId,
  )
  return trendOf(waves, answers, orgId)
}

/** Raw answers of a wave for export (one row per answer, the organisation named; no person). */
export async function waveAnswers({ scope: _, waveId }: { scope: AnyScope; waveId: string }) {
  return db
    .select({
      orgName: organisations.shortName,
      submittedAt: crmSurveyResponses.submittedAt,
      expectations: crmSurveyResponses.expectations,
      perceptions: crmSurveyResponses.perceptions,
      importance: crmSurveyResponses.importance,
    })
    .from(crmSurveyResponses)
    .innerJoin(organisations, eq(organisations.id, crmSurveyResponses.orgId))
    .where(eq(crmSurveyResponses.waveId, waveId))
    .orderBy(asc(organisations.shortName), asc(crmSurveyResponses.submittedAt))
}
