import { deflateSync } from 'node:zlib'
import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { grantScope } from '../app/modules/auth/scope.server'
import { giveHonourPhoto } from '../app/modules/sarm/consents.server'
import { rsvpEvent, saveEvent } from '../app/modules/sarm/events.server'
import { markTrainingAttendance, registerTraining, saveTraining, submitQuiz } from '../app/modules/sarm/trainings.server'
import type { Db } from './client.server'
import { memberships, users } from './schema'
import { honourPhotos, saleReports, trainingQuestions, trainingRegistrations, trainings } from './schema/sarm'

// Shop assistants demo, part "learning" (issue 14): an online training with its quiz passed by two assistants (their
// certificates and their dealers' partner certifications), an in-person session held with its attendance marked,
// a factory tour full with a waiting list, and the honour board's one consented photo (the assistant with the most
// confirmed units this month). Made through the modules' own functions; seeds only once (by the online training's
// title); returns whether it seeded.

const ONLINE_TITLE = 'Холодильники: как рассказать покупателю о No Frost'

/** A tiny PNG portrait (a filled circle on a light ground), made here so no binary file sits in the repository. */
export function demoPortraitPng(size = 48): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf: Buffer) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const sum = Buffer.alloc(4)
    sum.writeUInt32BE(crc(body))
    return Buffer.concat([len, body, sum])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB, no interlace
  const rows: number[] = []
  const r = size / 2
  for (let y = 0; y < size; y++) {
    rows.push(0) // filter: none
    for (let x = 0; x < size; x++) {
      const inside = (x - r + 0.5) ** 2 + (y - r + 0.5) ** 2 < (r * 0.8) ** 2
      rows.push(...(inside ? [40, 110, 190] : [235, 240, 245]))
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))])
}

export async function seedDemoSarmLearningIfEmpty(db: Db, o: { dealerOrgIds: string[]; assistantUserIds: string[] }): Promise<boolean> {
  const [seeded] = await db.select({ id: trainings.id }).from(trainings).where(eq(trainings.titleRu, ONLINE_TITLE)).limit(1)
  if (seeded || !o.assistantUserIds.length) return false
  // Each assistant's dealer, from their membership as a shop assistant in one of the given dealers.
  const people = await db
    .select({ userId: users.id, email: users.email, orgId: memberships.orgId })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(inArray(users.id, o.assistantUserIds), inArray(memberships.orgId, o.dealerOrgIds), eq(memberships.role, 'shop_assistant')))
  const byId = new Map(people.map((p) => [p.userId, p]))
  const cast = o.assistantUserIds.flatMap((id) => byId.get(id) ?? [])
  if (!cast.length) return false
  const actorOf = (p: (typeof cast)[number]) => ({ userId: p.userId, email: p.email, ip: null })
  const scopeOf = (p: (typeof cast)[number]) => grantScope('read:sarm:own', p.orgId)
  const desk = grantScope('manage:sarm:any', null)
  const system = { userId: null, email: null, ip: null }
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000)

  // The online training: three questions, pass mark 60 %; the first two assistants pass (one with a mistake).
  const onlineId = await saveTraining({
    scope: desk,
    actor: system,
    startsAt: null,
    input: {
      kind: 'online',
      titleRu: ONLINE_TITLE,
      titleEn: 'Fridges: telling a customer about No Frost',
      descriptionRu: 'Короткий курс для продавцов: 10 минут и тест из трёх вопросов.',
      descriptionEn: 'A short course for assistants: 10 minutes and a three-question quiz.',
      materialRu:
        'No Frost — система, при которой холодный воздух циркулирует вентилятором, а влага оседает на испарителе вне камеры. Иней не намерзает, размораживать холодильник не нужно.\n\nГлавные аргументы для покупателя: не нужно размораживать, продукты охлаждаются равномерно, дверь можно открывать чаще без потери холода.',
      materialEn:
        'No Frost is a system in which a fan circulates cold air and moisture settles on an evaporator outside the compartment. No frost builds up, so the fridge never needs defrosting.\n\nThe main points for a customer: no defrosting, even cooling, and the door can be opened more often without losing the cold.',
      passMarkPct: 60,
      place: '',
      questions: [
        { textRu: 'Нужно ли размораживать холодильник No Frost?', textEn: 'Does a No Frost fridge need defrosting?', options: 'Да | Yes\n*Нет | No' },
        {
          textRu: 'Где оседает влага в системе No Frost?',
          textEn: 'Where does moisture settle in a No Frost system?',
          options: 'На продуктах | On the food\n*На испарителе вне камеры | On an evaporator outside the compartment\nНа двери | On the door',
        },
        {
          textRu: 'Что обеспечивает равномерное охлаждение?',
          textEn: 'What gives even cooling?',
          options: '*Вентилятор | The fan\nКомпрессор выключен | The compressor being off\nТолстые стенки | Thick walls',
        },
      ],
    },
  })
  const questions = await db.select().from(trainingQuestions).where(eq(trainingQuestions.trainingId, onlineId)).orderBy(trainingQuestions.position)
  const right = Object.fromEntries(questions.map((q) => [q.id, q.correctIndex]))
  for (const [i, p] of cast.slice(0, 2).entries()) {
    const answers = i === 1 ? { ...right, [questions[2].id]: (questions[2].correctIndex + 1) % 3 } : right
    await submitQuiz({ scope: scopeOf(p), actor: actorOf(p), userId: p.userId, trainingId: onlineId, answers })
  }

  // The in-person session: two seats, three registered (the third waits); then held, both seated marked attended.
  const inPersonId = await saveTraining({
    scope: desk,
    actor: system,
    startsAt: inDays(3),
    input: {
      kind: 'in_person',
      titleRu: 'Встраиваемая техника: практикум в шоуруме',
      titleEn: 'Built-in appliances: a showroom workshop',
      descriptionRu: 'Монтаж и демонстрация встраиваемой техники покупателю.',
      descriptionEn: 'Installing built-in appliances and showing them to a customer.',
      materialRu: '',
      materialEn: '',
      passMarkPct: 80,
      place: 'Москва, Шоурум ТехноСнаб, ул. Складочная, 1',
      capacity: 2,
      questions: [],
    },
  })
  for (const p of cast.slice(0, 3)) await registerTraining({ scope: scopeOf(p), actor: actorOf(p), userId: p.userId, trainingId: inPersonId })
  // The session took place yesterday: the organiser marks who came, which completes it for them.
  await db
    .update(trainings)
    .set({ startsAt: inDays(-1) })
    .where(eq(trainings.id, inPersonId))
  const seated = await db
    .select({ id: trainingRegistrations.id })
    .from(trainingRegistrations)
    .where(and(eq(trainingRegistrations.trainingId, inPersonId), eq(trainingRegistrations.status, 'registered')))
  const seatedIds = seated.map((r) => r.id)
  await markTrainingAttendance({ scope: desk, actor: system, trainingId: inPersonId, attendedIds: seatedIds })

  // The factory tour: capacity reached, a waiting list behind it.
  const capacity = Math.max(1, Math.min(3, cast.length - 1))
  const tourId = await saveEvent({
    scope: desk,
    actor: system,
    input: {
      kind: 'tour',
      titleRu: 'Экскурсия на завод в Калуге',
      titleEn: 'Factory tour, Kaluga',
      descriptionRu: 'Сборочная линия, испытательная лаборатория и обед с инженерами.',
      descriptionEn: 'The assembly line, the test laboratory and lunch with the engineers.',
      startsAt: inDays(21),
      place: 'Калуга, Индустриальный парк «Ворсино»',
      capacity,
      eligibility: 'everyone',
      contestIds: [],
      invitedUserIds: [],
    },
  })
  for (const p of cast) await rsvpEvent({ scope: scopeOf(p), actor: actorOf(p), userId: p.userId, eventId: tourId })

  // The honour board's one photo: the assistant with the most confirmed units this month, by their own consent.
  const [top] = await db
    .select({ userId: saleReports.userId, units: sql<number>`sum(${saleReports.qty} - ${saleReports.returnedQty})::int` })
    .from(saleReports)
    .where(
      and(
        inArray(
          saleReports.userId,
          cast.map((p) => p.userId),
        ),
        eq(saleReports.status, 'confirmed'),
        sql`${saleReports.soldOn} >= date_trunc('month', current_date)::date`,
      ),
    )
    .groupBy(saleReports.userId)
    .orderBy(desc(sql`sum(${saleReports.qty} - ${saleReports.returnedQty})`))
    .limit(1)
  const star = byId.get(top?.userId ?? '') ?? cast[0]
  const [hasPhoto] = await db.select({ userId: honourPhotos.userId }).from(honourPhotos).where(eq(honourPhotos.userId, star.userId))
  if (!hasPhoto)
    await db.transaction((tx) =>
      giveHonourPhoto(tx, actorOf(star), {
        orgId: star.orgId,
        userId: star.userId,
        locale: 'ru',
        ip: null,
        mime: 'image/png',
        bytes: demoPortraitPng(),
      }),
    )
  return true
}
