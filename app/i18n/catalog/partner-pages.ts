import type { Entry } from '../index'

// The partner manager's home, the dealer's programme page, and chart texts.
export const partnerPages = {
  'nav.programme': { ru: 'Партнёрская программа', en: 'Partner programme' },
  'nav.deskPartners': { ru: 'Партнёры', en: 'Partners' },
  'programme.tab.overview': { ru: 'Уровень и цели', en: 'Tier and targets' },
  'programme.tab.deals': { ru: 'Сделки', en: 'Deals' },
  'programme.tab.ledger': { ru: 'Бонусы и выплаты', en: 'Rebates and payouts' },
  'partnersDesk.tab.home': { ru: 'Обзор', en: 'Overview' },
  'partnersDesk.tab.applications': { ru: 'Заявки', en: 'Applications' },
  'partnersDesk.tab.programme': { ru: 'Программа и уровни', en: 'Programme and tiers' },
  'partnersDesk.tab.deals': { ru: 'Сделки', en: 'Deals' },
  'partnersDesk.tab.rebates': { ru: 'Бонусные программы', en: 'Rebates' },
  'partnersDesk.tab.ledger': { ru: 'Начисления', en: 'Ledger' },
  'partnersDesk.tab.payouts': { ru: 'Выплаты', en: 'Payouts' },
  // Charts (app/components/charts).
  'chart.showTable': { ru: 'Показать таблицей', en: 'Show as table' },
  'chart.empty': { ru: 'Пока нет данных', en: 'No data yet' },
} satisfies Record<string, Entry>
