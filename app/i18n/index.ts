import { account } from './catalog/account'
import { auctions } from './catalog/auctions'
import { formatDay, formatMoney } from './format'
import { admin } from './catalog/admin'
import { auctionReports } from './catalog/auction-reports'
import { catalogAdmin } from './catalog/catalog-admin'
import { common } from './catalog/common'
import { edi } from './catalog/edi'
import { errors } from './catalog/errors'
import { invitations } from './catalog/invitations'
import { orders } from './catalog/orders'
import { products } from './catalog/products'
import { notifications } from './catalog/notifications'
import { onboarding } from './catalog/onboarding'
import { tiers } from './catalog/tiers'
import { deals } from './catalog/deals'
import { incentives } from './catalog/incentives'
import { partnerPages } from './catalog/partner-pages'
import { rebateProgress } from './catalog/rebate-progress'
import { sarm } from './catalog/sarm'
import { crmCustomers } from './catalog/crm-customers'
import { crmPipeline } from './catalog/crm-pipeline'
import { crmSegments } from './catalog/crm-segments'
import { crmRecommendations } from './catalog/crm-recommendations'
import { crmForecasts } from './catalog/crm-forecasts'
import { crmSurveys } from './catalog/crm-surveys'

// Message catalogs: each entry holds its Russian and English text side by side, so neither can be forgotten;
// catalog.test.ts checks both exist and use the same placeholders.
export const locales = ['ru', 'en'] as const
export type Locale = (typeof locales)[number]
export const defaultLocale: Locale = 'ru'

type Plural = { one: string; few?: string; many?: string; other: string }
type Text = string | Plural
export type Entry = { ru: Text; en: Text }

export const catalog = {
  ...common,
  ...errors,
  ...account,
  ...admin,
  ...products,
  ...orders,
  ...catalogAdmin,
  ...auctions,
  ...auctionReports,
  ...invitations,
  ...edi,
  ...notifications,
  // Partner programmes (issue 13), one file per part.
  ...onboarding,
  ...tiers,
  ...deals,
  ...incentives,
  ...partnerPages,
  ...rebateProgress,
  ...sarm,
  // CRM (issue 15), one file per part.
  ...crmCustomers,
  ...crmPipeline,
  ...crmSegments,
  ...crmRecommendations,
  ...crmForecasts,
  ...crmSurveys,
} satisfies Record<string, Entry>
export type MessageKey = keyof typeof catalog

export function isLocale(value: unknown): value is Locale {
  return value === 'ru' || value === 'en'
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalog, key)
}

export type Params = Record<string, string | number>

const numberTags: Record<Locale, string> = { ru: 'ru-RU', en: 'en-GB' }

/** Translate a catalog key; `{name}` placeholders are filled from params, `count` picks the plural form. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const entry: Text = (catalog[key] as Entry | undefined)?.[locale] ?? key
  let text: string
  if (typeof entry === 'string') text = entry
  else {
    const form = new Intl.PluralRules(numberTags[locale]).select(Number(params?.count ?? 0)) as keyof Plural
    text = entry[form] ?? entry.other
  }
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name]
    if (v === undefined) return m
    return typeof v === 'number' ? new Intl.NumberFormat(numberTags[locale]).format(v) : v
  })
}

/**
 * For messages that may be catalog keys (zod errors, mutation results) or already plain text. A server message
 * may carry one value after a bar, typed so it is shown the reader's way: `key|day:2026-12-03` (a calendar
 * day), `key|money:150000` (kopecks), or `key|text`; the entry's `{value}` placeholder receives it.
 */
export function translateMaybe(locale: Locale, message: string): string {
  const bar = message.indexOf('|')
  const key = bar < 0 ? message : message.slice(0, bar)
  if (!isMessageKey(key)) return message
  if (bar < 0) return translate(locale, key)
  const raw = message.slice(bar + 1)
  const [kind, rest] = raw.includes(':') ? [raw.slice(0, raw.indexOf(':')), raw.slice(raw.indexOf(':') + 1)] : ['text', raw]
  const value =
    kind === 'day' && /^\d{4}-\d{2}-\d{2}$/.test(rest)
      ? formatDay(locale, rest)
      : kind === 'money' && /^-?\d+$/.test(rest)
        ? formatMoney(locale, Number(rest))
        : rest
  return translate(locale, key, { value })
}
