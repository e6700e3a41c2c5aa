import { z } from 'zod'

// The config keys of a browser login (`login.type: browser`). Kept apart from config/schema.ts so the
// browser's vocabulary grows here without touching the shared schema.

const selector = z.string().min(1).max(2000)

/** The system browsers a config file may choose by name (login.browser); each is looked up on PATH, then in /usr/bin. */
export const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const
const text = z.string().max(10_000)

/** One user action. `{username}` and `{password}` in a fill value are replaced by the account's. */
export const browserStepSchema = z.union([
  z.object({ click: selector }).strict(),
  z.object({ fill: z.object({ selector, value: text }).strict() }).strict(),
  z
    .object({
      press: z.union([z.string().min(1).max(64), z.object({ selector: selector.optional(), key: z.string().min(1).max(64) }).strict()]),
    })
    .strict(),
  z
    .object({
      wait: z.union([
        z.object({ url: z.string().min(1).max(2000) }).strict(),
        z.object({ selector }).strict(),
        z.object({ ms: z.number().int().min(0).max(60_000) }).strict(),
      ]),
    })
    .strict(),
])

export type BrowserStep = z.output<typeof browserStepSchema>

/** Fields of `login:` that only a browser login reads. */
export const browserLoginFields = {
  /** Steps the browser performs; without them the first form with a password field is filled and submitted. */
  steps: z.array(browserStepSchema).max(50).optional(),
  /**
   * Which system browser to prefer, by name, found on PATH. A config file often comes with the
   * repository being scanned, so it never names a program to run: a path is the operator's choice
   * (--browser, SESSIONGUARD_BROWSER, the Action's browser input, the scan's `browser` option).
   */
  browser: z
    .enum(BROWSER_NAMES, {
      error: (issue) =>
        `${JSON.stringify(String(issue.input).slice(0, 100))} is not one of ${BROWSER_NAMES.join(', ')}: a config file may only pick a system browser by name (found on PATH); a browser at a path is the operator's choice: --browser PATH, the SESSIONGUARD_BROWSER environment variable, or the Action's browser input`,
    })
    .optional(),
}

/** `scope.login_origins`: identity-provider origins the browser may visit during the login steps only. */
export const loginOrigins = z
  .array(
    z.string().transform((v, ctx) => {
      let u: URL
      try {
        u = new URL(v)
      } catch {
        ctx.addIssue({ code: 'custom', message: `not an origin: ${JSON.stringify(v)} (expected e.g. https://login.example.com)` })
        return z.NEVER
      }
      if ((u.protocol !== 'http:' && u.protocol !== 'https:') || (u.pathname !== '/' && u.pathname !== '') || u.search || u.username) {
        ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)}: give an http(s) origin without path, query or credentials` })
        return z.NEVER
      }
      return u.origin
    }),
  )
  .max(20)
  .optional()

/**
 * A browser login starts at `page` and needs no credentials endpoint: `url` defaults to the page so
 * every part of the engine that names "the login URL" (issuing point, IDOR exclusions) still has one.
 */
export function fillBrowserLoginUrl(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input
  const login = (input as Record<string, unknown>).login
  if (!login || typeof login !== 'object' || Array.isArray(login)) return input
  const l = login as Record<string, unknown>
  if (l.type !== 'browser' || l.url !== undefined) return input
  return { ...input, login: { ...l, url: typeof l.page === 'string' ? l.page : '/' } }
}
