import type { StepupConfig } from '../config/mfa-schema.js'
import type { HttpEngine, HttpResponse } from '../http/client.js'
import type { Exchange } from '../model/finding.js'
import { type ActorSession, decorate } from '../actors/session.js'
import { ConfigError } from '../errors.js'
import { type HtmlForm, type PageFacts, readPage } from './html.js'
import { isCsrfField, planCsrf } from './csrf.js'
import type { SecondFactor } from './mfa/factor.js'

// The re-authentication before a sensitive page ("confirm your password", sudo mode, a code again),
// performed over HTTP on a signed-in session: the page's form, its hidden inputs and anti-CSRF tokens
// sent back as the login does, and the configured fields with {password}, {username} and {totp}
// replaced by the account's (a code is asked for once per step-up, and only when a field names it).

export interface StepupAccount {
  username: string
  password: string
}

export interface StepupResult {
  exchanges: Exchange[]
  last: HttpResponse
  description: string
}

const PLACEHOLDER = /\{(password|username|totp|code)\}/g

function usesCode(values: string[]): boolean {
  return values.some((v) => /\{(totp|code)\}/.test(v))
}

async function filler(account: StepupAccount, factor: SecondFactor | undefined, values: string[]): Promise<(v: string) => string> {
  let code: string | undefined
  if (usesCode(values)) {
    if (!factor)
      throw new ConfigError(
        'stepup: a field uses {totp}, but login.mfa is not configured (the code comes from the account’s second factor)',
      )
    code = (await factor.code()).code
  }
  return (v) =>
    v.replace(PLACEHOLDER, (_, name: string) => (name === 'password' ? account.password : name === 'username' ? account.username : code!))
}

/** Placeholders in every string of a JSON body, never in its structure (a password with a quote stays one string). */
function fillJson(value: unknown, fill: (v: string) => string): unknown {
  if (typeof value === 'string') return fill(value)
  if (Array.isArray(value)) return value.map((v) => fillJson(v, fill))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillJson(v, fill)]))
  return value
}

function formFor(facts: PageFacts, target: string, pageUrl: string): HtmlForm | undefined {
  const path = new URL(target, pageUrl).pathname
  return (
    facts.forms.find((f) => f.method !== 'GET' && new URL(f.action ?? pageUrl, pageUrl).pathname === path) ??
    facts.forms.find((f) => f.hasPassword) ??
    facts.forms.find((f) => f.method !== 'GET')
  )
}

export async function performStepup(
  http: HttpEngine,
  cfg: StepupConfig,
  session: ActorSession,
  account: StepupAccount,
  factor: SecondFactor | undefined,
  note: string,
): Promise<StepupResult> {
  const exchanges: Exchange[] = []
  const send = async (method: string, path: string, headers: Record<string, string>, body: string | undefined, what: string) => {
    const req = decorate(path, headers, session.carry)
    const res = await http.send({
      actor: session.actor,
      method,
      path: req.path,
      headers: req.headers,
      ...(body !== undefined ? { body } : {}),
      jar: session.jar,
      note: what,
    })
    exchanges.push(...res.exchanges)
    return res
  }
  const post = async (
    page: HttpResponse | undefined,
    url: string,
    method: string,
    json: boolean,
    values: Record<string, string>,
    what: string,
  ) => {
    const facts = page ? readPage(page.body) : undefined
    const form = facts && page ? formFor(facts, url, page.url) : undefined
    const fields: Record<string, string> = {}
    let hasCsrfInput = false
    if (form && !json)
      for (const i of form.inputs.filter((x) => x.type === 'hidden')) {
        fields[i.name] = i.value
        if (isCsrfField(i.name)) hasCsrfInput = true
      }
    const csrf = facts && page ? planCsrf(facts, form, session.jar.entries(page.url), hasCsrfInput) : { headers: {}, fields: {}, found: [] }
    Object.assign(fields, json ? {} : csrf.fields, values)
    const origin = page ? new URL(page.url).origin : undefined
    const headers: Record<string, string> = {
      'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
      ...csrf.headers,
      ...(origin ? { origin } : {}),
      ...(page ? { referer: page.url } : {}),
    }
    return send(method, url, headers, json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(), what)
  }

  if (cfg.steps) {
    let page: HttpResponse | undefined
    let last: HttpResponse | undefined
    const described: string[] = []
    for (const step of cfg.steps) {
      if (!('url' in step)) continue
      if (step.method === 'GET') {
        last = await send('GET', step.url, {}, undefined, `${note}: GET ${step.url}`)
      } else {
        const raw = step.json !== undefined ? [JSON.stringify(step.json)] : Object.values(step.form ?? {})
        const fill = await filler(account, factor, raw)
        if (step.json !== undefined) {
          const body = fillJson(step.json, fill) as Record<string, string>
          last = await post(
            step.csrf === 'auto' ? page : undefined,
            step.url,
            step.method,
            true,
            body,
            `${note}: ${step.method} ${step.url}`,
          )
        } else {
          const values = Object.fromEntries(Object.entries(step.form ?? {}).map(([k, v]) => [k, fill(v)]))
          last = await post(
            step.csrf === 'auto' ? page : undefined,
            step.url,
            step.method,
            false,
            values,
            `${note}: ${step.method} ${step.url}`,
          )
        }
      }
      described.push(`${step.method} ${step.url}`)
      if (/html/i.test(String(last.headers['content-type'] ?? ''))) page = last
    }
    return { exchanges, last: last!, description: `step-up: ${described.join(', then ')}` }
  }

  const url = cfg.url!
  const page = await send('GET', cfg.page ?? url, {}, undefined, `${note}: opens the re-authentication page`)
  const json = cfg.type === 'json'
  const fill = await filler(account, factor, Object.values(cfg.fields))
  const values = Object.fromEntries(Object.entries(cfg.fields).map(([k, v]) => [k, fill(v)]))
  const last = await post(page, url, cfg.method, json, values, note)
  return {
    exchanges,
    last,
    description: `step-up: ${json ? 'json' : 'form'} ${cfg.method} ${new URL(url, page.url).pathname} with fields ${Object.keys(cfg.fields).join(', ')}`,
  }
}
