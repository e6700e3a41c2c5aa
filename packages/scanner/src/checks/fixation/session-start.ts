import type { HttpResponse } from '../../http/client.js'
import type { ActorSession } from '../../actors/session.js'
import { decorate } from '../../actors/session.js'
import { readPage, type PageFacts } from '../../login/html.js'
import { isCsrfField, planCsrf } from '../../login/csrf.js'
import type { SessionStartStep } from '../../config/discovery-schema.js'
import type { ProbeContext } from '../types.js'

type StartRequest = Extract<SessionStartStep, { url: string }>

/** The `session.start` requests, as HTTP requests (the browser steps are the attacker's browser's). */
export function startRequests(ctx: ProbeContext): StartRequest[] {
  const start = ctx.config.session === 'auto' ? undefined : ctx.config.session.start
  return (start ?? []).filter((s): s is StartRequest => 'url' in s)
}

export function startSteps(ctx: ProbeContext): SessionStartStep[] {
  return ctx.config.session === 'auto' ? [] : (ctx.config.session.start ?? [])
}

/** "POST /cart, then GET /" for reports. */
export function describeStart(steps: SessionStartStep[]): string {
  return steps
    .map((s) =>
      'url' in s
        ? `${s.method} ${s.url}`
        : 'open' in s
          ? `open ${s.open}`
          : 'click' in s
            ? `click ${s.click}`
            : 'fill' in s
              ? `fill ${s.fill.selector}`
              : 'press' in s
                ? 'press a key'
                : 'wait',
    )
    .join(', then ')
}

/**
 * Runs the user's description of how a visitor gets a session, over HTTP, as `session`: each request
 * in order, with the anti-CSRF tokens of the last page it fetched sent back the way the login does.
 */
export async function runStartRequests(ctx: ProbeContext, session: ActorSession, note: string): Promise<HttpResponse[]> {
  const out: HttpResponse[] = []
  let facts: PageFacts | undefined
  let pageUrl: string | undefined
  for (const step of startRequests(ctx)) {
    const headers: Record<string, string> = {}
    let body: string | undefined
    if (step.method !== 'GET') {
      const target = ctx.scope.resolve(step.url)
      const fields: Record<string, string> = {}
      if (step.csrf === 'auto' && facts && pageUrl) {
        const form = facts.forms.find((f) => new URL(f.action ?? pageUrl!, pageUrl).pathname === target.pathname) ?? facts.forms[0]
        const hidden = form?.inputs.filter((i) => i.type === 'hidden' && isCsrfField(i.name)) ?? []
        for (const i of hidden) fields[i.name] = i.value
        const plan = planCsrf(facts, form, session.jar.entries(pageUrl), hidden.length > 0)
        Object.assign(headers, plan.headers)
        if (step.json === undefined) Object.assign(fields, plan.fields)
      }
      if (step.json !== undefined) {
        headers['content-type'] = 'application/json'
        body = JSON.stringify(step.json)
      } else {
        headers['content-type'] = 'application/x-www-form-urlencoded'
        body = new URLSearchParams({ ...fields, ...(step.form ?? {}) }).toString()
      }
      headers.origin = ctx.scope.origin
      if (pageUrl) headers.referer = pageUrl
    }
    const req = decorate(step.url, headers, session.carry)
    const res = await ctx.http.send({
      actor: session.actor,
      method: step.method,
      path: req.path,
      headers: req.headers,
      ...(body !== undefined ? { body } : {}),
      jar: session.jar,
      note: `${note}: ${step.method} ${step.url}`,
    })
    out.push(res)
    if (/html/i.test(String(res.headers['content-type'] ?? ''))) {
      facts = readPage(res.body)
      pageUrl = res.url
    }
  }
  return out
}
