import type { ScanConfig } from './schema.js'

export type CarrierSetting = 'auto' | { cookie: string } | { header: string } | { query: string }

/** Where the session travels, as configured: the `session:` key minus its timed-expiry limits. */
export function carrierSetting(session: ScanConfig['session']): CarrierSetting {
  if (session === 'auto') return 'auto'
  if ('cookie' in session && session.cookie) return { cookie: session.cookie }
  if ('header' in session && session.header) return { header: session.header }
  if ('query' in session && session.query) return { query: session.query }
  return 'auto'
}

/** The idle and absolute limits (ms) the user asked the timed SG-EXPIRY tests to hold the app to. */
export function expiryLimits(session: ScanConfig['session']): { idle?: number; absolute?: number } {
  if (session === 'auto') return {}
  return {
    ...(session.idle_timeout !== undefined ? { idle: session.idle_timeout } : {}),
    ...(session.absolute_timeout !== undefined ? { absolute: session.absolute_timeout } : {}),
  }
}
