import { createContext, useContext } from 'react'

// The CSP nonce reaches components through React context set in entry.server, never through loader data.
export const NonceContext = createContext<string>('')
export const NonceProvider = NonceContext.Provider
export const useNonce = () => useContext(NonceContext)
