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
} satisfies Record<string, Entry>
