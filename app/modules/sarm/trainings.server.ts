import { randomBytes } from 'node:crypto'
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { organisations, users } from '../../../db/schema'
import { partnerCertifications } from '../../../db/schema/prm'
import { trainingCompletions, trainingQuestions, trainingRegistrations, trainings } from '../../../db/schema/sarm'
import type { Locale } from '../../i18n'
import { translate } from '../../i18n'
import { formatDate } from '../../i18n/format'
import { businessClock, operatorTimeZone } from '../../utils/clock.server'
import { startPdf } from '../../utils/pdf.server'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { AnyScope, OrgScope } from '../auth/scope.server'
import { parseOptions, type TrainingFormInput } from './learning-schemas'
import { cancelPlace, seatsOf, takePlace, trainingPlaces } from './places.server'

// Trainings (issue 14): the partner desk writes them, assistants take them. Online: the material and a quiz checked
// here on the server (the right answers never reach the browser); in person: a seat or the waiting list, the
// organiser marks attendance. Completing one writes the certificate and, for the dealer, a partner certification
// (the tier criterion "certified staff" of issue 13 counts it) in the same transaction.

type Training = typeof trainings.$inferSelect

export async function saveTraining({
  scope,
  actor,
  input,
  startsAt,
}: {
  scope: AnyScope
  actor: Actor
  input: TrainingFormInput
  startsAt: Date | null
}) {
  void scope
  return db.transaction(async (tx) => {
    const online = input.kind === 'online'
    const [row] = await tx
      .insert(trainings)
      .values({
        kind: input.kind,
        titleRu: input.titleRu,
        titleEn: input.titleEn,
        descriptionRu: input.descriptionRu,
        descriptionEn: input.descriptionEn,
        materialRu: online ? input.materialRu : '',
        materialEn: online ? input.materialEn : '',
        passMarkPct: input.passMarkPct,
        startsAt: online ? null : startsAt,
        place: online ? null : input.place,
        capacity: online ? null : (input.capacity ?? null),
      })
      .returning({ id: trainings.id })
    if (online)
      await tx.insert(trainingQuestions).values(
        input.questions.map((q, i) => {
          // The schema has checked every question's options already.
          const parsed = parseOptions(q.options)!
          return {
            trainingId: row.id,
            position: i + 1,
            textRu: q.textRu,
            textEn: q.textEn,
            options: parsed.options,
            correctIndex: parsed.correctIndex,
          }
        }),
      )
    await writeAudit(tx, actor, {
      action: 'training.saved',
      entity: 'training',
      entityId: row.id,
      details: { kind: input.kind, questions: input.questions.length },
    })
    return row.id
  })
}

/** A certificate number: the year and eight random hex digits, unique by the table's constraint. */
const certificateNo = () => `SA-${new Date().getUTCFullYear()}-${randomBytes(4).toString('hex').toUpperCase()}`

/** The completion, its certificate and the dealer's partner certification; nothing new if already completed. */
async function complete(tx: Tx, actor: Actor, t: Training, who: { orgId: string; userId: string }, scorePct: number | null) {
  const [done] = await tx
    .insert(trainingCompletions)
    .values({ trainingId: t.id, orgId: who.orgId, userId: who.userId, scorePct, certificateNo: certificateNo() })
    .onConflictDoNothing({ target: [trainingCompletions.trainingId, trainingCompletions.userId] })
    .returning()
  if (!done) return null
  if (t.certifies) {
    const [person] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, who.userId))
    await tx.insert(partnerCertifications).values({
      orgId: who.orgId,
      userId: who.userId,
      personName: person?.name ?? '',
      course: t.titleRu,
      completedOn: sql`current_date`,
    })
  }
  await writeAudit(tx, actor, {
    action: 'training.completed',
    entity: 'training',
    entityId: t.id,
    orgId: who.orgId,
    details: { userId: who.userId, scorePct, certificateNo: done.certificateNo },
  })
  return done
}

export type QuizResult =
  | { ok: true; scorePct: number; passMarkPct: number; passed: boolean; wrong: string[]; certificateNo: string | null }
  | { ok: false; status: 404 | 409 | 400; error: string }

/** Checks the answers against the stored right ones; a pass at or above the mark completes the training. */
export async function submitQuiz({
  scope,
  actor,
  userId,
  trainingId,
  answers,
}: {
  scope: OrgScope
  actor: Actor
  userId: string
  trainingId: string
  answers: Record<string, number>
}): Promise<QuizResult> {
  return db.transaction(async (tx) => {
    const [t] = await tx.select().from(trainings).where(eq(trainings.id, trainingId))
    if (!t || t.kind !== 'online') return { ok: false, status: 404, error: 'sarm.training.error.notFound' }
    if (t.status !== 'open') return { ok: false, status: 409, error: 'sarm.training.error.closed' }
    const questions = await tx
      .select()
      .from(trainingQuestions)
      .where(eq(trainingQuestions.trainingId, trainingId))
      .orderBy(asc(trainingQuestions.position))
    if (!questions.length) return { ok: false, status: 409, error: 'sarm.training.error.noQuiz' }
    if (questions.some((q) => answers[q.id] === undefined)) return { ok: false, status: 400, error: 'sarm.training.error.answerAll' }
    const wrong = questions.filter((q) => answers[q.id] !== q.correctIndex).map((q) => q.id)
    const scorePct = Math.floor(((questions.length - wrong.length) * 100) / questions.length)
    // Compared exactly, not on the rounded percentage: 2 of 3 right (66.7 %) misses a 67 % mark.
    const passed = (questions.length - wrong.length) * 100 >= t.passMarkPct * questions.length
    const done = passed ? await complete(tx, actor, t, { orgId: scope.orgId, userId }, scorePct) : null
    const [existing] = passed
      ? await tx
          .select({ no: trainingCompletions.certificateNo })
          .from(trainingCompletions)
          .where(and(eq(trainingCompletions.trainingId, t.id), eq(trainingCompletions.userId, userId), eq(trainingCompletions.orgId, scope.orgId)))
      : []
    return { ok: true, scorePct, passMarkPct: t.passMarkPct, passed, wrong, certificateNo: done?.certificateNo ?? existing?.no ?? null }
  })
}

export type RegisterResult = { ok: true; status: 'registered' | 'waitlisted'; position: number } | { ok: false; status: 404 | 409; error: string }

/** A place on an in-person training, or the waiting list once it is full; the training row's lock serialises them. */
export async function registerTraining({
  scope,
  actor,
  userId,
  trainingId,
}: {
  scope: OrgScope
  actor: Actor
  userId: string
  trainingId: string
}): Promise<RegisterResult> {
  return db.transaction(async (tx) => {
    const [t] = await tx.select().from(trainings).where(eq(trainings.id, trainingId)).for('update')
    if (!t || t.kind !== 'in_person') return { ok: false, status: 404, error: 'sarm.training.error.notFound' }
    // Business time is the database's clock.
    const { now } = await businessClock(tx)
    if (t.status !== 'open' || (t.startsAt && t.startsAt <= now)) return { ok: false, status: 409, error: 'sarm.training.error.closed' }
    const placed = await takePlace(tx, trainingPlaces, { actor, orgId: scope.orgId, userId, parentId: trainingId, capacity: t.capacity ?? 0 })
    if (!placed) return { ok: false, status: 409, error: 'sarm.training.error.already' }
    return { ok: true, ...placed }
  })
}

/** Cancels one's place; the first on the waiting list moves up and is told (inbox and e-mail). */
export async function cancelTraining({ scope, actor, userId, trainingId }: { scope: OrgScope; actor: Actor; userId: string; trainingId: string }) {
  return cancelPlace(trainingPlaces, { actor, orgId: scope.orgId, userId, parentId: trainingId })
}

/** The catalogue an assistant sees: every open training with the person's own standing in it. */
export async function trainingCatalogue({ scope, userId }: { scope: OrgScope; userId: string }) {
  const list = await db
    .select()
    .from(trainings)
    .where(eq(trainings.status, 'open'))
    .orderBy(asc(trainings.kind), asc(trainings.startsAt), asc(trainings.titleRu))
    .limit(200)
  const ids = list.map((t) => t.id)
  const [regs, done] = ids.length
    ? await Promise.all([
        db
          .select({ trainingId: trainingRegistrations.trainingId, status: trainingRegistrations.status })
          .from(trainingRegistrations)
          .where(
            and(
              eq(trainingRegistrations.userId, userId),
              eq(trainingRegistrations.orgId, scope.orgId),
              inArray(trainingRegistrations.trainingId, ids),
            ),
          ),
        db
          .select({ trainingId: trainingCompletions.trainingId })
          .from(trainingCompletions)
          .where(
            and(eq(trainingCompletions.userId, userId), eq(trainingCompletions.orgId, scope.orgId), inArray(trainingCompletions.trainingId, ids)),
          ),
      ])
    : [[], []]
  const reg = new Map(regs.map((r) => [r.trainingId, r.status]))
  const completed = new Set(done.map((d) => d.trainingId))
  return list.map((t) => ({
    id: t.id,
    kind: t.kind,
    titleRu: t.titleRu,
    titleEn: t.titleEn,
    startsAt: t.startsAt?.toISOString() ?? null,
    place: t.place,
    status: completed.has(t.id) ? ('completed' as const) : (reg.get(t.id) ?? null),
  }))
}

/** One training for an assistant: the material, the questions without their answers, the person's standing. */
export async function trainingForAssistant({ scope, userId, trainingId }: { scope: OrgScope; userId: string; trainingId: string }) {
  const [t] = await db.select().from(trainings).where(eq(trainings.id, trainingId))
  if (!t) return null
  const [questions, [completion], [registration], seats] = await Promise.all([
    db
      .select({ id: trainingQuestions.id, textRu: trainingQuestions.textRu, textEn: trainingQuestions.textEn, options: trainingQuestions.options })
      .from(trainingQuestions)
      .where(eq(trainingQuestions.trainingId, trainingId))
      .orderBy(asc(trainingQuestions.position)),
    db
      .select()
      .from(trainingCompletions)
      .where(and(eq(trainingCompletions.trainingId, trainingId), eq(trainingCompletions.userId, userId), eq(trainingCompletions.orgId, scope.orgId))),
    db
      .select({ status: trainingRegistrations.status })
      .from(trainingRegistrations)
      .where(
        and(eq(trainingRegistrations.trainingId, trainingId), eq(trainingRegistrations.userId, userId), eq(trainingRegistrations.orgId, scope.orgId)),
      ),
    seatsOf(db, trainingPlaces, trainingId, userId),
  ])
  return {
    training: {
      id: t.id,
      kind: t.kind,
      status: t.status,
      titleRu: t.titleRu,
      titleEn: t.titleEn,
      descriptionRu: t.descriptionRu,
      descriptionEn: t.descriptionEn,
      materialRu: t.materialRu,
      materialEn: t.materialEn,
      passMarkPct: t.passMarkPct,
      startsAt: t.startsAt?.toISOString() ?? null,
      place: t.place,
      capacity: t.capacity,
    },
    questions: t.kind === 'online' ? questions : [],
    completion: completion
      ? { certificateNo: completion.certificateNo, scorePct: completion.scorePct, completedAt: completion.completedAt.toISOString() }
      : null,
    registration: registration?.status ?? null,
    seatsLeft: t.capacity == null ? null : Math.max(t.capacity - seats.taken, 0),
    position: seats.myPosition,
  }
}

export async function listTrainings({ scope }: { scope: AnyScope }) {
  void scope
  const rows = await db
    .select({
      id: trainings.id,
      kind: trainings.kind,
      titleRu: trainings.titleRu,
      titleEn: trainings.titleEn,
      startsAt: trainings.startsAt,
      capacity: trainings.capacity,
      status: trainings.status,
      registered: sql<number>`(select count(*)::int from ${trainingRegistrations} r where r.training_id = ${trainings.id} and r.status in ('registered', 'attended', 'absent'))`,
      waitlisted: sql<number>`(select count(*)::int from ${trainingRegistrations} r where r.training_id = ${trainings.id} and r.status = 'waitlisted')`,
      completed: sql<number>`(select count(*)::int from ${trainingCompletions} c where c.training_id = ${trainings.id})`,
    })
    .from(trainings)
    .orderBy(desc(trainings.createdAt))
    .limit(200)
  return rows.map((r) => ({ ...r, startsAt: r.startsAt?.toISOString() ?? null }))
}

/** One training for the desk: registrations in the order they came, the waiting list, the completions. */
export async function trainingForDesk({ scope, trainingId }: { scope: AnyScope; trainingId: string }) {
  void scope
  const [t] = await db.select().from(trainings).where(eq(trainings.id, trainingId))
  if (!t) return null
  const [registrations, completions, questions] = await Promise.all([
    db
      .select({
        id: trainingRegistrations.id,
        status: trainingRegistrations.status,
        createdAt: trainingRegistrations.createdAt,
        name: users.displayName,
        email: users.email,
        dealer: organisations.shortName,
      })
      .from(trainingRegistrations)
      .innerJoin(users, eq(users.id, trainingRegistrations.userId))
      .innerJoin(organisations, eq(organisations.id, trainingRegistrations.orgId))
      .where(eq(trainingRegistrations.trainingId, trainingId))
      .orderBy(asc(trainingRegistrations.createdAt), asc(trainingRegistrations.id)),
    trainingCompletionRows(trainingId),
    db.select({ id: trainingQuestions.id }).from(trainingQuestions).where(eq(trainingQuestions.trainingId, trainingId)),
  ])
  return {
    training: { ...t, startsAt: t.startsAt?.toISOString() ?? null, createdAt: t.createdAt.toISOString(), questions: questions.length },
    registrations: registrations.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    completions,
  }
}

export async function trainingCompletionRows(trainingId: string) {
  const rows = await db
    .select({
      id: trainingCompletions.id,
      certificateNo: trainingCompletions.certificateNo,
      scorePct: trainingCompletions.scorePct,
      completedAt: trainingCompletions.completedAt,
      name: users.displayName,
      email: users.email,
      dealer: organisations.shortName,
    })
    .from(trainingCompletions)
    .innerJoin(users, eq(users.id, trainingCompletions.userId))
    .innerJoin(organisations, eq(organisations.id, trainingCompletions.orgId))
    .where(eq(trainingCompletions.trainingId, trainingId))
    .orderBy(asc(trainingCompletions.completedAt), asc(trainingCompletions.id))
  return rows.map((r) => ({ ...r, completedAt: r.completedAt.toISOString() }))
}

/** The organiser marks who came: each one attended completes the training; the others are marked absent. */
export async function markTrainingAttendance({
  scope,
  actor,
  trainingId,
  attendedIds,
}: {
  scope: AnyScope
  actor: Actor
  trainingId: string
  attendedIds: string[]
}) {
  void scope
  return db.transaction(async (tx) => {
    const [t] = await tx.select().from(trainings).where(eq(trainings.id, trainingId)).for('update')
    if (!t || t.kind !== 'in_person') return null
    const seated = await tx
      .select({ id: trainingRegistrations.id, orgId: trainingRegistrations.orgId, userId: trainingRegistrations.userId })
      .from(trainingRegistrations)
      .where(and(eq(trainingRegistrations.trainingId, trainingId), inArray(trainingRegistrations.status, ['registered', 'attended', 'absent'])))
    const chosen = new Set(attendedIds)
    let completed = 0
    for (const r of seated) {
      const came = chosen.has(r.id)
      await tx
        .update(trainingRegistrations)
        .set({ status: came ? 'attended' : 'absent', updatedAt: new Date() })
        .where(eq(trainingRegistrations.id, r.id))
      if (came && (await complete(tx, actor, t, r, null))) completed++
    }
    return { attended: seated.filter((r) => chosen.has(r.id)).length, of: seated.length, completed }
  })
}

/** What the certificate says, for its holder only. */
export async function certificateFor({ scope, userId, trainingId }: { scope: OrgScope; userId: string; trainingId: string }) {
  const [row] = await db
    .select({
      certificateNo: trainingCompletions.certificateNo,
      scorePct: trainingCompletions.scorePct,
      completedAt: trainingCompletions.completedAt,
      name: users.displayName,
      dealer: organisations.shortName,
      titleRu: trainings.titleRu,
      titleEn: trainings.titleEn,
      kind: trainings.kind,
    })
    .from(trainingCompletions)
    .innerJoin(users, eq(users.id, trainingCompletions.userId))
    .innerJoin(organisations, eq(organisations.id, trainingCompletions.orgId))
    .innerJoin(trainings, eq(trainings.id, trainingCompletions.trainingId))
    .where(and(eq(trainingCompletions.trainingId, trainingId), eq(trainingCompletions.userId, userId), eq(trainingCompletions.orgId, scope.orgId)))
  return row ?? null
}

/** The certificate as a one-page PDF in the reader's language (the fonts carry Cyrillic). */
export async function certificatePdf(c: NonNullable<Awaited<ReturnType<typeof certificateFor>>>, locale: Locale): Promise<Buffer> {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(locale, key, params)
  const title = locale === 'ru' ? c.titleRu : c.titleEn
  const { doc, done, finish } = startPdf(t('sarm.certificate.title'))
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right
  doc.moveDown(6)
  doc.font('bold').fontSize(26).text(t('sarm.certificate.title'), { align: 'center', width })
  doc.moveDown(1.5)
  doc.font('body').fontSize(13).text(t('sarm.certificate.certifies'), { align: 'center', width })
  doc.moveDown(0.6)
  doc.font('bold').fontSize(20).text(c.name, { align: 'center', width })
  doc.moveDown(0.3)
  doc.font('body').fontSize(12).text(c.dealer, { align: 'center', width })
  doc.moveDown(1)
  doc
    .font('body')
    .fontSize(13)
    .text(t(c.kind === 'online' ? 'sarm.certificate.passedOnline' : 'sarm.certificate.attended'), { align: 'center', width })
  doc.moveDown(0.4)
  doc.font('bold').fontSize(16).text(`«${title}»`, { align: 'center', width })
  doc.moveDown(1.5)
  doc.font('body').fontSize(11)
  if (c.scorePct != null) doc.text(t('sarm.certificate.score', { score: c.scorePct }), { align: 'center', width })
  doc.text(t('sarm.certificate.date', { date: formatDate(locale, c.completedAt, operatorTimeZone) }), { align: 'center', width })
  doc.text(t('sarm.certificate.number', { number: c.certificateNo }), { align: 'center', width })
  finish((page, pages) => t('sarm.certificate.page', { page, pages }))
  return done
}
