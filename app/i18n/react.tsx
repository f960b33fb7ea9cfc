import { createContext, useCallback, useContext, type ReactNode } from 'react'
import { useRouteLoaderData } from '@remix-run/react'
import { defaultLocale, translate, translateMaybe, type Locale, type MessageKey, type Params } from './index'

const LocaleContext = createContext<Locale>(defaultLocale)

export function LocaleProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>
}

/** The locale from the root loader (falls back to the provider, then Russian, e.g. in a broken error page). */
export function useLocale(): Locale {
  const root = useRouteLoaderData('root') as { locale?: Locale } | undefined
  const fromContext = useContext(LocaleContext)
  return root?.locale ?? fromContext
}

/** The operator's time zone from the root loader: the server and the browser format every time in it. */
export function useTimeZone(): string {
  const root = useRouteLoaderData('root') as { timeZone?: string } | undefined
  // The root loader always sends it (env OPERATOR_TIME_ZONE); UTC only for a page rendered without the root.
  return root?.timeZone ?? 'UTC'
}

export function useT() {
  const locale = useLocale()
  const timeZone = useTimeZone()
  const t = useCallback((key: MessageKey, params?: Params) => translate(locale, key, params), [locale])
  const tm = useCallback((message: string) => translateMaybe(locale, message), [locale])
  return { t, tm, locale, timeZone }
}
