import { z } from 'zod'
import { parseDuration } from './duration.js'
import { SEVERITIES } from '../model/vocabulary.js'
import { browserLoginFields, loginOrigins } from './browser-login-schema.js'
import { checksSelectionSchema, ignoreListSchema } from '../config/triage-schema.js'
import { discoverySchema, sessionStartSchema } from './discovery-schema.js'
import { mfaSchema, stepupSchema, totpCredentialFields } from './mfa-schema.js'

// The one description of what a scan can be told. The CLI flags, the YAML file, the GitHub Action
// inputs and the MCP tool's input schema are all mapped onto this.

const duration = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const ms = parseDuration(v)
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `not a duration: ${JSON.stringify(v)} (use e.g. 500ms, 10s, 2m)` })
    return z.NEVER
  }
  return ms
})

const path = z.string().min(1)

/** What proves a login worked: the check URL answers (status, and text when given) as logged in. */
const checkFields = {
  url: path,
  contains: z.string().optional(),
  status: z.number().int().min(100).max(599).optional(),
}

const credentials = z
  .object({
    username: z.string(),
    password: z.string(),
    /** A name for reports when several accounts are used (IDOR checks). */
    name: z.string().optional(),
    /** This account's own proof of login, over login.check (e.g. the text only this account's page shows). */
    check: z
      .object({ ...checkFields, url: path.optional() })
      .strict()
      .optional(),
    ...totpCredentialFields,
  })
  .strict()

export const loginSchema = z
  .object({
    /** Page fetched first (pre-auth session, CSRF token, form fields). Defaults to `url`. */
    page: path.optional(),
    /** Where the credentials are sent. */
    url: path,
    method: z.enum(['POST', 'PUT']).default('POST'),
    type: z.enum(['form', 'json', 'browser']).optional(),
    fields: z.object({ username: z.string().optional(), password: z.string().optional() }).strict().default({}),
    credentials: z.union([credentials, z.array(credentials).min(1)]),
    csrf: z
      .union([
        z.literal('auto'),
        z.literal('off'),
        z.object({ field: z.string().optional(), header: z.string().optional(), cookie: z.string().optional() }).strict(),
      ])
      .default('auto'),
    check: z.object(checkFields).strict(),
    extra: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
    ...browserLoginFields,
    /** Pages where an attacker can be handed a pre-login session (a cart, a language switch), tried before the discovered ones. */
    pre: z.array(path).max(20).default([]),
    /** The pre-login session discovery: a budget (requests beyond the login page), or { budget, browser, forms, time }. */
    discovery: discoverySchema,
    /** The second factor after the password: a TOTP code or a code read from a URL (a local mail catcher). */
    mfa: mfaSchema.optional(),
  })
  .strict()

/** Opt-in timed SG-EXPIRY tests: the limits the app is meant to enforce. */
const timeouts = {
  idle_timeout: duration.optional(),
  absolute_timeout: duration.optional(),
  /** How a visitor gets a session when no page hands one out by itself: HTTP requests or browser steps. */
  start: sessionStartSchema.optional(),
}
export const sessionCarrierSchema = z.union([
  z.literal('auto'),
  z.object({ cookie: z.string().min(1), ...timeouts }).strict(),
  z.object({ header: z.string().min(1), ...timeouts }).strict(),
  z.object({ query: z.string().min(1), ...timeouts }).strict(),
  z.object(timeouts).strict(),
])

export const configSchema = z
  .object({
    target: z.string().min(1),
    login: loginSchema.optional(),
    accounts: z.array(credentials.extend({ name: z.string() })).optional(),
    logout: z
      .object({ url: path, method: z.enum(['GET', 'POST', 'DELETE']).default('POST') })
      .strict()
      .optional(),
    /** Re-authentication before sensitive pages (SG-FIX-STEPUP). */
    stepup: stepupSchema.optional(),
    request: z
      .object({
        headers: z
          .record(z.string(), z.string())
          // a Host of its own would send the target's address a request for another site on it (a virtual
          // host behind the same proxy): a place the operator did not name, reached from a config or a tool call
          .refine((h) => !Object.keys(h).some((k) => k.trim().toLowerCase() === 'host'), {
            message:
              "Host cannot be set: requests go to the target's own name (a Host of another would reach another site on the same address); to scan that site, make it the target",
          })
          // not quoted: a name that is not an HTTP token is usually a typo that swallowed the value ("X-Api-Key <key>")
          .refine((h) => Object.keys(h).every((k) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k.trim())), {
            message:
              'a header name is not a valid HTTP header name (letters, digits and !#$%&\'*+-.^_`|~ only; "Name: value" on the command line)',
          })
          .default({}),
        cookies: z.record(z.string(), z.string()).default({}),
        /** Header names whose values may appear in reports; every other supplied header value is masked as a secret. */
        public_headers: z.array(z.string()).default([]),
      })
      .strict()
      .default({ headers: {}, cookies: {}, public_headers: [] }),
    session: sessionCarrierSchema.default('auto'),
    tokens: z
      .object({ samples: z.number().int().min(0).max(100_000).default(0), concurrency: z.number().int().min(1).max(64).default(8) })
      .strict()
      .default({ samples: 0, concurrency: 8 }),
    objects: z.array(z.string()).default([]),
    public: z.array(z.string()).default([]),
    spec: z.string().optional(),
    allow_unsafe_methods: z.boolean().default(false),
    scope: z
      .object({
        /** Requests per second; default 50, unlimited on loopback targets (your own machine). */
        rate: z.number().positive().optional(),
        timeout: duration.default(10_000),
        budget: duration.default(120_000),
        /** Default: 1000 plus the token samples. */
        max_requests: z.number().int().positive().optional(),
        follow_redirects: z.enum(['same-origin', 'none']).default('same-origin'),
        max_redirects: z.number().int().min(0).max(20).default(5),
        max_body: z
          .number()
          .int()
          .positive()
          .default(2 * 1024 * 1024),
        login_origins: loginOrigins,
        /** Upstream proxy every request goes through, the browser's too: http://[user:password@]host:port (Burp, ZAP, mitmproxy). The operator's (--proxy, scan(config)): a config file naming it is refused. */
        proxy: z.string().min(1).optional(),
        /** PEM file of an intercepting proxy's CA, trusted for the target's TLS (with the system's CAs). The operator's (--proxy-ca, scan(config)): a config file naming it is refused. */
        proxy_ca: z.string().min(1).optional(),
      })
      .strict()
      .default({ timeout: 10_000, budget: 120_000, follow_redirects: 'same-origin', max_redirects: 5, max_body: 2 * 1024 * 1024 }),
    insecure: z.boolean().default(false),
    /** Findings at or above this fail the gate; the CLI's default is high, 'none' never fails on findings. */
    fail_on: z.enum([...SEVERITIES, 'none']).optional(),
    /** Which checks are reported: SG-* ids or families (fixation, lifecycle, cookies, tokens, authorization, privilege). */
    checks: checksSelectionSchema.optional(),
    /** Accepted findings: shown as suppressed, never failing the gate, until their expiry date. */
    ignore: ignoreListSchema.optional(),
    /** An earlier JSON report: only findings it does not have fail the gate. */
    baseline: z.string().min(1).optional(),
    threshold: z.number().min(0).max(100).optional(),
    /** Families or SG-* ids that must run: the CI gate fails when one of them could not. */
    require: z.array(z.string().min(1)).default([]),
    /** The application's source: also check its code and lockfiles (as `sessionguard check`) and join both by the login route. */
    source: z
      .union([z.string().min(1), z.object({ dir: z.string().min(1), exclude: z.array(z.string().min(1)).default([]) }).strict()])
      .optional(),
  })
  .strict()

/** What a user writes (YAML or flags), before defaults. */
export type ScanConfigInput = z.input<typeof configSchema>
/** What the engine reads: validated, defaults filled, durations in ms. */
export type ScanConfig = z.output<typeof configSchema>
export type LoginConfig = z.output<typeof loginSchema>
