import type { LoginConfig } from '../../config/schema.js'
import type { HttpEngine, HttpResponse } from '../../http/client.js'
import type { Exchange } from '../../model/finding.js'
import { type ActorSession, decorate } from '../../actors/session.js'
import { MfaCodeError } from '../../errors.js'
import { readPage } from '../html.js'
import { isCsrfField, planCsrf } from '../csrf.js'
import { codeForm } from './code-form.js'
import type { IssuedCode, SecondFactor } from './factor.js'

// The second step of a login, over HTTP: the code form (login.mfa.page, or the page the password step
// ended on), its hidden inputs and anti-CSRF tokens sent back as the login form's are, and the code.
// An app that refuses a TOTP code of a step already used once gets one more try with the next step's.

export interface SecondStepResult {
  submit: HttpResponse
  exchanges: Exchange[]
  description: string
  /** The code form's path, for the report. */
  page: string
}

function pathOf(url: string): string {
  try {
    const u = new URL(url)
    return u.pathname
  } catch {
    return url
  }
}

/** Whether the app took the code: it answered without an error and did not ask for a code again. */
function refused(res: HttpResponse, field: string): boolean {
  if (res.status >= 400) return true
  if (!/<input/i.test(res.body)) return false
  return codeForm(readPage(res.body), field) !== undefined
}

export async function secondStep(
  http: HttpEngine,
  login: LoginConfig,
  session: ActorSession,
  factor: SecondFactor,
  afterPassword: HttpResponse,
  note: string,
  record: boolean,
): Promise<SecondStepResult> {
  const mfa = login.mfa!
  const exchanges: Exchange[] = []
  const openCodePage = async (): Promise<HttpResponse> => {
    if (!mfa.page) return afterPassword
    const req = decorate(mfa.page, {}, session.carry)
    const res = await http.send({
      actor: session.actor,
      path: req.path,
      headers: req.headers,
      jar: session.jar,
      note: 'opens the second-factor page',
      record,
    })
    exchanges.push(...res.exchanges)
    return res
  }
  const submitCode = async (page: HttpResponse, issued: IssuedCode): Promise<{ res: HttpResponse; field: string; described: string }> => {
    const facts = readPage(page.body)
    const found = codeForm(facts, mfa.field)
    const json = login.type === 'json' || (!found && login.type !== 'form')
    if (!found && !mfa.url)
      throw new MfaCodeError(
        `no form asking for a code on ${pathOf(page.url)} (the ${mfa.page ? 'login.mfa.page' : 'page the password step ended on'}); set login.mfa.page, login.mfa.url and login.mfa.field`,
      )
    const field = mfa.field ?? found?.input.name ?? 'code'
    const fields: Record<string, string> = {}
    let hasCsrfInput = false
    if (found && !json)
      for (const input of found.form.inputs.filter((i) => i.type === 'hidden')) {
        fields[input.name] = input.value
        if (isCsrfField(input.name)) hasCsrfInput = true
      }
    const csrf =
      login.csrf === 'off'
        ? { headers: {}, fields: {}, found: [] as string[] }
        : planCsrf(facts, found?.form, session.jar.entries(page.url), hasCsrfInput)
    Object.assign(fields, json ? {} : csrf.fields, mfa.extra, { [field]: issued.code })
    let target = mfa.url ?? pathOf(page.url)
    if (!mfa.url && found?.form.action) {
      const action = new URL(found.form.action, page.url)
      // the code goes to the target only: a form that posts elsewhere is not followed there
      if (action.origin === new URL(page.url).origin) target = `${action.pathname}${action.search}`
    }
    const body = json ? JSON.stringify(fields) : new URLSearchParams(fields).toString()
    const origin = new URL(page.url).origin
    const req = decorate(
      target,
      { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded', ...csrf.headers, origin, referer: page.url },
      session.carry,
    )
    const res = await http.send({
      actor: session.actor,
      method: mfa.method,
      path: req.path,
      headers: req.headers,
      body,
      jar: session.jar,
      note,
      record,
    })
    exchanges.push(...res.exchanges)
    const described = `${json ? 'json' : 'form'} ${mfa.method} ${new URL(target, page.url).pathname} with fields ${Object.keys(fields).join(', ')}${csrf.found.length ? `; CSRF: ${csrf.found.join(', ')}` : ''}`
    return { res, field, described }
  }

  let page = await openCodePage()
  let issued = await factor.code()
  let sent = await submitCode(page, issued)
  let retried = ''
  if (refused(sent.res, sent.field)) {
    const again = await factor.retry(issued)
    if (again) {
      // the app takes each code once: the next step's code, on a fresh code form
      issued = again
      page = mfa.page ? await openCodePage() : sent.res
      if (!mfa.page && codeForm(readPage(page.body), mfa.field) === undefined)
        page = await reopen(http, session, afterPassword.url, exchanges, record)
      sent = await submitCode(page, issued)
      retried = ' (the first code was refused as already used; sent the next period’s)'
    }
  }
  return {
    submit: sent.res,
    exchanges,
    description: `second factor (${factor.kind === 'totp' ? 'TOTP code' : 'code read from login.mfa.code_url'}): ${sent.described}${retried}`,
    page: pathOf(page.url),
  }
}

async function reopen(http: HttpEngine, session: ActorSession, url: string, exchanges: Exchange[], record: boolean): Promise<HttpResponse> {
  const u = new URL(url)
  const req = decorate(`${u.pathname}${u.search}`, {}, session.carry)
  const res = await http.send({
    actor: session.actor,
    path: req.path,
    headers: req.headers,
    jar: session.jar,
    note: 'opens the second-factor page again',
    record,
  })
  exchanges.push(...res.exchanges)
  return res
}
