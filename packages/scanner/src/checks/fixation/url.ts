import type { Exchange, Finding } from '../../model/finding.js'
import { makeFinding } from '../make-finding.js'
import { ActorSession } from '../../actors/session.js'
import { RAW_EXCERPT } from '../../http/excerpt.js'
import { parseSetCookie } from '../../http/set-cookie.js'
import { describe } from '../carriers.js'
import { findUrlLeak } from './url-leaks.js'
import { settle } from '../probe-failure.js'
import type { Probe, ProbeContext, ProbeResult } from '../types.js'

/**
 * SG-URL: session ids in URLs end up in logs, Referer headers and shared links, and a URL-borne id
 * is the easiest to plant. Two proofs: an id of the session the server wrote into a Location header or
 * a link of a page, where the scanner had not put it into a URL itself (leak, url-leaks.ts), and the
 * logged-in id accepted from the query string or a `;jsessionid=` path parameter.
 */
async function run(ctx: ProbeContext): Promise<ProbeResult> {
  ctx.progress({ kind: 'check', id: 'SG-URL', status: 'start' })
  const findings: Finding[] = []
  const fw = ctx.target.framework.id
  const carrier = ctx.target.carrier?.primary
  const sessionNames = new Set<string>([...(carrier ? [carrier.name] : []), ...ctx.target.issued.map((i) => i.name)])
  const values = new Set<string>()
  for (const o of ctx.http.observations) {
    for (const sc of o.setCookies) {
      const c = parseSetCookie(sc)
      if (c && sessionNames.has(c.name) && c.value.length >= 8) values.add(c.value)
    }
  }
  if (ctx.login && carrier && carrier.kind !== 'cookie') {
    const v = ctx.login.main.carried(carrier.kind, carrier.name)
    if (v) values.add(v)
  }

  // leaks: ids placed by the server into URLs it hands out, never the scanner's own URL handed back
  const found = findUrlLeak(ctx.http.observations, [...values])
  const leak = found
    ? {
        where:
          found.where === 'location'
            ? `the Location header of ${found.observation.method} ${new URL(found.observation.url).pathname}`
            : `a link in ${new URL(found.observation.url).pathname}`,
        exchange: {
          actor: found.observation.actor,
          request: { method: found.observation.method, url: found.observation.url, headers: {} },
          response: {
            status: found.observation.status,
            headers: found.observation.headers,
            body: found.observation.body.slice(0, RAW_EXCERPT),
          },
        } satisfies Exchange,
      }
    : undefined
  if (leak) {
    findings.push(
      makeFinding(
        'SG-URL',
        {
          summary: `The server puts the session id into URLs it makes up (not a URL the scanner sent): it appears in ${leak.where}. URLs are logged, bookmarked and sent in Referer headers, and a URL-borne id is trivially planted.`,
          evidence: [leak.exchange],
          confidence: 'firm',
          titleSuffix: 'id leaked into a URL',
        },
        fw,
      ),
    )
  }

  // acceptance: the logged-in id moved from its cookie into the URL; a leak already proven stands if this cannot complete
  let acceptance: string | undefined
  const login = ctx.login
  if (login && carrier?.kind === 'cookie') {
    const tried = await settle(ctx.http.signal, async () => {
      const { session: main } = await login.ensureMain()
      const value = main.jar.get(carrier.name, ctx.scope.base.href)
      if (value) {
        const others = ctx.target.carrier!.required.filter((c) => c.name !== carrier.name).map((c) => c.name)
        const forms: Array<{ kind: 'query' | 'path'; name: string }> = [{ kind: 'query', name: carrier.name }]
        if (/jsessionid/i.test(carrier.name) || fw === 'spring') forms.push({ kind: 'path', name: 'jsessionid' })
        for (const f of forms) {
          const s = new ActorSession(
            'attacker',
            main.jar.only([...others, ...Object.keys(ctx.config.request.cookies)], ctx.scope.base.href),
            [{ ...f, value }],
          )
          const res = await login.flow.access(
            s,
            `sends the logged-in id as ${describe({ kind: f.kind, name: f.name })} instead of the cookie`,
            { freeze: true },
          )
          if (res.authenticated) {
            findings.push(
              makeFinding(
                'SG-URL',
                {
                  summary: `The session id is accepted from the URL: with no ${carrier.name} cookie, the ${describe({ kind: f.kind, name: f.name })} alone reached ${login.flow.login.check.url} (${res.reason}).`,
                  evidence: res.exchanges,
                  confidence: 'confirmed',
                  carrier: { kind: f.kind, name: f.name },
                  titleSuffix: `accepted in ${f.kind === 'query' ? 'the query string' : 'a path parameter'}`,
                },
                fw,
              ),
            )
            break
          }
        }
      }
    })
    if (!tried.ok) acceptance = `acceptance in the URL not tested: the attack could not complete (${tried.reason})`
  }
  if (ctx.login && carrier && carrier.kind !== 'cookie' && carrier.kind !== 'header') {
    findings.push(
      makeFinding(
        'SG-URL',
        {
          summary: `The session itself is carried in the URL (${describe(carrier)}), proven by removing it and losing access.`,
          evidence: ctx.target.carrier!.evidence,
          confidence: 'confirmed',
          carrier,
          titleSuffix: 'session carried in the URL',
        },
        fw,
      ),
    )
  }
  const tested = ctx.login
    ? 'URL leaks in every response and acceptance of the logged-in id in the URL'
    : 'URL leaks in every response (acceptance needs a login)'
  return {
    findings,
    outcomes: [
      {
        id: 'SG-URL',
        status: findings.length ? 'failed' : 'passed',
        reason: `${findings.length ? findings.map((f) => f.title).join('; ') : `no id in URLs (${tested})`}${acceptance ? `; ${acceptance}` : ''}`,
      },
    ],
  }
}

export const urlProbe: Probe = { name: 'ids in URLs', checks: ['SG-URL'], run }
