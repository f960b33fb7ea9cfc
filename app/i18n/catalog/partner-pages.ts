import type { Entry } from '../index'

// The partner manager's home, the dealer's programme page, and chart texts.
export const partnerPages = {
  'nav.programme': { ru: 'Партнёрская программа', en: 'Partner programme' },
  'nav.deskPartners': { ru: 'Партнёры', en: 'Partners' },
} satisfies Record<string, Entry>
