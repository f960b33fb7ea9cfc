import type { Entry } from '../index'

// Shop assistants (issue 14): what a bonus line says about itself (app/modules/sarm/bonus-rules.ts).
export const sarm = {
  'nav.assistant': { ru: 'Мои продажи и бонусы', en: 'My sales and bonuses' },
  'nav.shops': { ru: 'Магазины', en: 'Shops' },
  'nav.deskSarm': { ru: 'Продавцы', en: 'Shop assistants' },
  'nav.honour': { ru: 'Доска почёта', en: 'Honour board' },
  'sarm.explain.normBonus': {
    ru: '{units} шт., норма {norm}: {above} × {rateMinor} = {amountMinor}',
    en: '{units} units, norm {norm}: {above} × {rateMinor} = {amountMinor}',
  },
  'sarm.explain.normBonusCapped': {
    ru: '{units} шт., норма {norm}: {above} × {rateMinor} = {grossMinor}, не больше {capMinor} за период: {amountMinor}',
    en: '{units} units, norm {norm}: {above} × {rateMinor} = {grossMinor}, at most {capMinor} a period: {amountMinor}',
  },
  // ── Contests (part "contests"): settings, the checks' run, flags in words, prizes, leaderboard ──
  'ledger.hold.concentration': {
    ru: 'на проверке: продажи необычно сосредоточены у одного продавца',
    en: 'held for review: sales concentrated unusually in one seller',
  },
  'ledger.hold.claims': { ru: 'на проверке: часть документов продаж требует сверки', en: 'held for review: some sale documents need checking' },
  'sarm.explain.contestPrize': {
    ru: '{rank}-е место, {units} шт. за {startOn} – {endOn}: {amountMinor}',
    en: 'Place {rank}, {units} units in {startOn} – {endOn}: {amountMinor}',
  },
  'sarm.explain.contestPrizeRevenue': {
    ru: '{rank}-е место, выручка {scoreMinor} за {startOn} – {endOn}: {amountMinor}',
    en: 'Place {rank}, revenue {scoreMinor} in {startOn} – {endOn}: {amountMinor}',
  },
  'sarm.explain.contestPrizeGain': {
    ru: '{rank}-е место, прирост {score} шт. к своему среднему за {startOn} – {endOn}: {amountMinor}',
    en: 'Place {rank}, {score} units above own average in {startOn} – {endOn}: {amountMinor}',
  },
  'sarm.contest.error.notFound': { ru: 'Конкурс не найден.', en: 'Contest not found.' },
  'sarm.contest.error.notEnded': { ru: 'Проверки запускаются после окончания конкурса.', en: 'The checks run after the contest has ended.' },
  'sarm.contest.error.alreadyChecked': { ru: 'Проверки этого конкурса уже проведены.', en: 'This contest has already been checked.' },
  'sarm.contest.error.tooLong': { ru: 'Слишком длинный текст.', en: 'The text is too long.' },
  'sarm.contest.error.tooMany': { ru: 'Слишком много значений.', en: 'Too many values.' },
  'sarm.contest.error.badMinSellers': { ru: 'Целое число от 1 до 100.', en: 'A whole number from 1 to 100.' },
  'sarm.contest.error.periodOrder': { ru: 'Конец не раньше начала.', en: 'The end cannot be before the start.' },
  'sarm.contest.error.tooManyPrizes': { ru: 'Не больше 50 призов.', en: 'At most 50 prizes.' },
  'sarm.contest.error.badPrizes': {
    ru: 'Суммы призов в рублях по местам, через «;» или с новой строки, каждая больше нуля.',
    en: 'Prize amounts in roubles by place, separated by ";" or new lines, each above zero.',
  },
  'sarm.contest.error.badThreshold': { ru: 'Значение вне допустимого диапазона.', en: 'The value is out of range.' },
  'sarm.contest.error.reasonRequired': { ru: 'Напишите причину решения.', en: 'Write the reason for the decision.' },
} satisfies Record<string, Entry>
