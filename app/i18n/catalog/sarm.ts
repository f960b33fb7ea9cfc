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
  // ── Part "bonus": the bonus above a norm, the assistant's home, the dealer's results, the desk overview ──
  'sarm.explain.notEligible': {
    ru: '{units} шт., норма {norm}: бонус начисляется после прохождения обязательного обучения',
    en: '{units} units, norm {norm}: the bonus is earned once the required training is completed',
  },
  'bonus.error.tooMany': { ru: 'Слишком много значений (не больше 200)', en: 'Too many values (200 at most)' },
  'bonus.error.tooLarge': { ru: 'Слишком большое число', en: 'Too large a number' },
  'bonus.error.periodOrder': { ru: 'Конец периода раньше начала', en: 'The period ends before it starts' },
  'bonus.error.periodTooLong': { ru: 'Период не может быть длиннее года', en: 'A period cannot be longer than a year' },
  'bonus.error.badMoney': { ru: 'Сумма в рублях больше нуля, например 50 или 1 500,50', en: 'An amount in roubles above zero, e.g. 50 or 1500.50' },
  'bonus.error.unknownSku': { ru: 'В каталоге нет такого артикула', en: 'The catalog has no such SKU' },
  'bonus.error.notAnAssistant': { ru: 'Этот человек не продавец ни одного магазина', en: 'This person is not an assistant at any shop' },
  'bonus.error.draft': { ru: 'Черновик не начисляется: сначала запустите программу', en: 'A draft accrues nothing: make the programme active first' },
} satisfies Record<string, Entry>
