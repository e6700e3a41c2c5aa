import { z } from 'zod'
import { browserStepSchema } from './browser-login-schema.js'
import { parseDuration } from './duration.js'

// How the attacker looks for a pre-login session (`login.discovery`) and how a visitor gets one when no
// page hands it out by itself (`session.start`). Kept apart from config/schema.ts, as the browser keys are.

const path = z.string().min(1).max(2000)

/** The budget of the pre-login session discovery, in pages (requests over HTTP, page loads in a browser). */
export const DEFAULT_DISCOVERY_BUDGET = 10
/** How long the attacker's browser may spend on discovery, all pages together. */
export const DEFAULT_DISCOVERY_TIME = 30_000

const discoveryObject = z
  .object({
    /** Requests (or browser page loads) discovery may spend beyond the login page. */
    budget: z.number().int().min(0).max(50).default(DEFAULT_DISCOVERY_BUDGET),
    /** Open the pages in the attacker's own Chromium and let their scripts run (always on for a browser login). */
    browser: z.boolean().default(false),
    /** Submit same-origin forms of pre-login pages whose action and fields do not look destructive. */
    forms: z.boolean().default(false),
    /** Time the attacker's browser may spend on discovery, all pages together (ms, or "30s"). */
    time: z
      .union([z.number(), z.string()])
      .transform((v, ctx) => {
        const ms = parseDuration(v)
        if (ms === undefined || ms < 1000 || ms > 300_000) {
          ctx.addIssue({ code: 'custom', message: `not a duration between 1s and 5m: ${JSON.stringify(v)}` })
          return z.NEVER
        }
        return ms
      })
      .default(DEFAULT_DISCOVERY_TIME),
  })
  .strict()

export type DiscoverySettings = z.output<typeof discoveryObject>

/** `login.discovery`: a number (the budget, as before) or `{ budget, browser, forms, time }`. */
export const discoverySchema = z
  .union([z.number().int().min(0).max(50), discoveryObject])
  .transform((v): DiscoverySettings => (typeof v === 'number' ? discoveryObject.parse({ budget: v }) : v))
  .default({ budget: DEFAULT_DISCOVERY_BUDGET, browser: false, forms: false, time: DEFAULT_DISCOVERY_TIME })

/** One HTTP request of `session.start`: GET by default; a body is a form or JSON, never both. */
const startRequest = z
  .object({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH']).default('GET'),
    url: path,
    form: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
    json: z.unknown().optional(),
    /** Anti-CSRF tokens of the page fetched before this request, sent back as the login does (default auto). */
    csrf: z.enum(['auto', 'off']).default('auto'),
  })
  .strict()
  .refine((r) => !(r.form !== undefined && r.json !== undefined), { message: 'give form or json, not both' })
  .refine((r) => r.method !== 'GET' || (r.form === undefined && r.json === undefined), { message: 'a GET request has no body' })

/** `open: PATH` starts (or moves) the attacker's browser on a page of the target; the other steps are the login's. */
const openStep = z.object({ open: path }).strict()

export const sessionStartStep = z.union([startRequest, openStep, browserStepSchema])
export type SessionStartStep = z.output<typeof sessionStartStep>

/** `session.start`: how a visitor gets a session, as HTTP requests, or browser steps (an `open:` first). */
export const sessionStartSchema = z.array(sessionStartStep).min(1).max(20)

export function isBrowserStartStep(s: SessionStartStep): boolean {
  return !('url' in s)
}
