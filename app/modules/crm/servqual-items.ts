// The SERVQUAL instrument (anchors/partners-and-crm.md §2.5): 22 items in five dimensions, positively worded as in
// the 1991 revision (Parasuraman, Berry & Zeithaml), adapted to a distributor's B2B service. Each item is asked
// twice on 1–7: what an excellent supplier would do (expectation) and what the operator does (perception).
// The order of DIMENSIONS is the order of the stored importance points and of every per-dimension array.

export const DIMENSIONS = ['tangibles', 'reliability', 'responsiveness', 'assurance', 'empathy'] as const
export type Dimension = (typeof DIMENSIONS)[number]

/** Items 1–4 tangibles, 5–9 reliability, 10–13 responsiveness, 14–17 assurance, 18–22 empathy (1-based, as published). */
export const DIMENSION_ITEMS: Record<Dimension, readonly number[]> = {
  tangibles: [1, 2, 3, 4],
  reliability: [5, 6, 7, 8, 9],
  responsiveness: [10, 11, 12, 13],
  assurance: [14, 15, 16, 17],
  empathy: [18, 19, 20, 21, 22],
}

export const ITEM_COUNT = 22
export const SCALE_MIN = 1
export const SCALE_MAX = 7

/**
 * The importance split used when nobody answered the 100-point question: the average weights reported by Zeithaml,
 * Parasuraman & Berry (1990), in DIMENSIONS order. Every stored answer carries its own split, so this is for display.
 */
export const DEFAULT_IMPORTANCE = [11, 32, 22, 19, 16] as const

/** The statements, each shown once with its two scales. */
export const ITEMS: readonly { ru: string; en: string }[] = [
  { ru: 'Современное оборудование: склад, транспорт, портал', en: 'Modern equipment: warehouse, vehicles, portal' },
  { ru: 'Удобные и опрятные офисы и пункты выдачи', en: 'Visually appealing offices and pick-up points' },
  { ru: 'Сотрудники выглядят аккуратно и профессионально', en: 'Employees are neat and professional in appearance' },
  { ru: 'Понятные и аккуратные документы, каталоги и счета', en: 'Clear, tidy documents, catalogs and invoices' },
  { ru: 'Выполняет обещанное в обещанный срок', en: 'Does what it promises by the promised time' },
  { ru: 'Искренне заинтересован в решении вашей проблемы', en: 'Shows a sincere interest in solving your problem' },
  { ru: 'Выполняет заказ правильно с первого раза', en: 'Gets the order right the first time' },
  { ru: 'Поставляет в обещанные даты', en: 'Delivers on the dates promised' },
  { ru: 'Ведёт документы и учёт без ошибок', en: 'Keeps documents and records free of errors' },
  { ru: 'Точно сообщает, когда будет выполнен заказ', en: 'Tells you exactly when the order will be fulfilled' },
  { ru: 'Обслуживает быстро', en: 'Gives you prompt service' },
  { ru: 'Всегда готов помочь', en: 'Is always willing to help you' },
  { ru: 'Никогда не бывает слишком занят, чтобы ответить на ваш запрос', en: 'Is never too busy to respond to your requests' },
  { ru: 'Поведение сотрудников вызывает доверие', en: 'Employees’ behaviour instils confidence' },
  { ru: 'С ним безопасно вести сделки', en: 'You feel safe in your transactions with it' },
  { ru: 'Сотрудники неизменно вежливы', en: 'Employees are consistently courteous' },
  { ru: 'Сотрудникам хватает знаний, чтобы ответить на ваши вопросы', en: 'Employees have the knowledge to answer your questions' },
  { ru: 'Уделяет вам индивидуальное внимание', en: 'Gives you individual attention' },
  { ru: 'Работает в удобные для вас часы', en: 'Has operating hours convenient to you' },
  { ru: 'Есть сотрудник, который знает вас и ваши задачи', en: 'Has a person who knows you and your business' },
  { ru: 'Действует в ваших интересах', en: 'Has your best interests at heart' },
  { ru: 'Понимает ваши особые потребности', en: 'Understands your specific needs' },
]

/** The dimension of a 1-based item number. */
export function dimensionOf(item: number): Dimension {
  return DIMENSIONS.find((d) => DIMENSION_ITEMS[d].includes(item))!
}
