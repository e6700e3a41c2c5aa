import { AUTHORIZATION_IDS } from './ids.js'
import type { CheckOutcome, Exchange, Finding, Severity } from '../../model/finding.js'
import type { HttpResponse } from '../../http/client.js'
import { makeFinding } from '../make-finding.js'
import { ActorSession } from '../../actors/session.js'
import {
  controlledFlowFor,
  discover,
  isData,
  judgeIds,
  markersOf,
  neverFetched,
  sameContent,
  scanAccounts,
  sendAs,
  shows,
  type Discovery,
  type FoundRequest,
  type NamedAccount,
  type Viewer,
} from './index.js'
import {
  enforcementNotes,
  isSafeMethod,
  matchTemplate,
  operationFor,
  parseObjectEntry,
  publicMatcher,
  schemeNotes,
  specForScan,
  type AnonymousResult,
  type ApiSpec,
  type ObjectTemplate,
} from '../../openapi/index.js'
import type { Probe, ProbeContext, ProbeResult } from '../types.js'
import { ENABLE } from '../needs.js'
import { LoginFailedError } from '../../errors.js'
import type { LoginFlow } from '../../login/flow.js'

const CHECKS = AUTHORIZATION_IDS
const MAX_PAGES = 30
const MAX_OBJECTS = 40
/** Pairs of exchanges kept as proof in one finding; the summary lists the rest. */
const PROOF_PAIRS = 2

interface Leak {
  owner: Discovery
  requester: string
  request: FoundRequest
  response: HttpResponse
  how: string
  extra?: Exchange[]
}

function notTested(reason: string, enableWith: string): ProbeResult {
  return { findings: [], outcomes: CHECKS.map((id) => ({ id, status: 'not-tested' as const, reason, enableWith })) }
}

function templatesOf(ctx: ProbeContext, spec: ApiSpec | undefined): ObjectTemplate[] {
  const fromConfig = ctx.config.objects.map((o) => parseObjectEntry(o))
  const fromSpec = (spec?.operations ?? [])
    .filter((op) => op.pathParams.length > 0 && op.method !== 'OPTIONS' && op.method !== 'TRACE')
    .map((op) => ({ method: op.method, template: op.path, params: op.pathParams, source: `spec ${op.method} ${op.path}` }))
  const out: ObjectTemplate[] = []
  for (const t of [...fromConfig, ...fromSpec]) if (!out.some((o) => o.method === t.method && o.template === t.template)) out.push(t)
  return out
}

function startPages(ctx: ProbeContext, templates: ObjectTemplate[], spec: ApiSpec | undefined): string[] {
  const starts = [ctx.login!.flow.login.check.url]
  for (const t of templates) {
    if (!isSafeMethod(t.method)) continue
    if (t.params.length === 0) starts.push(t.template)
    // /orders/{id} is usually listed at /orders: the collection is where an account sees its ids
    else {
      const collection = t.template.slice(0, t.template.indexOf('{')).replace(/\/+$/, '')
      if (collection) starts.push(collection)
    }
  }
  for (const op of spec?.operations ?? []) if (op.method === 'GET' && op.pathParams.length === 0) starts.push(op.path)
  return [...new Set(starts)]
}

async function loggedIn(ctx: ProbeContext, first: NamedAccount, account: NamedAccount): Promise<Viewer & { flow: LoginFlow }> {
  const session = new ActorSession(account.name)
  const flow = await controlledFlowFor(ctx.login!.flow, ctx.http, first, account)
  ctx.progress({ kind: 'check', id: 'SG-IDOR', status: 'start', detail: `logging in as ${account.name}` })
  await flow.establish(session, account)
  for (const d of session.carry) ctx.redactor.addSecret(d.value)
  for (const [, v] of session.jar.entries(ctx.scope.base.href)) ctx.redactor.addSecret(v)
  return { account, session, flow }
}

/**
 * A refusal proves something only while the requester was logged in: a session the target ended on the
 * way (a lifetime of a few requests, a page that signs out) turns every later replay into an anonymous
 * one. The requesters' sessions are checked once more after their replays; the ones no longer logged in.
 */
async function lostSessions(ctx: ProbeContext, requesters: Array<Viewer & { flow: LoginFlow }>): Promise<string[]> {
  const lost: string[] = []
  for (const v of requesters) {
    const now = await v.flow.access(v.session, `is ${v.account.name} still logged in after the replays?`, { freeze: true })
    if (!now.authenticated) lost.push(`${v.account.name}'s session was no longer logged in after the replays (${now.reason})`)
  }
  return lost
}

const list = (xs: string[], n = 4): string => (xs.length > n ? `${xs.slice(0, n).join(', ')} and ${xs.length - n} more` : xs.join(', '))

/** The owner's data in a response to someone else: the same content while the requester was never shown it, or the owner's name with no sign of the requester's. */
function carriesOwnerData(
  owner: NamedAccount,
  other: NamedAccount | undefined,
  mine: HttpResponse,
  theirs: HttpResponse,
  exclusive: boolean,
): string | undefined {
  if (!isData(theirs)) return undefined
  const ownerMarks = markersOf(owner)
  const otherMarks = other ? markersOf(other) : []
  if (exclusive && sameContent(mine.body, theirs.body, [...ownerMarks, ...otherMarks])) return `the same content ${owner.name} got`
  if (shows(mine.body, ownerMarks) && shows(theirs.body, ownerMarks) && !shows(theirs.body, otherMarks))
    return `${owner.name}'s name (${ownerMarks.join(' / ')}) in the response`
  return undefined
}

function groupKey(r: FoundRequest): string {
  return r.template ? `${r.template.method} ${r.template.template}` : `GET ${new URL(r.path, 'http://x.invalid').pathname}`
}

function group(leaks: Leak[]): Map<string, Leak[]> {
  const out = new Map<string, Leak[]>()
  for (const l of leaks) out.set(groupKey(l.request), [...(out.get(groupKey(l.request)) ?? []), l])
  return out
}

function specRemark(spec: ApiSpec | undefined, path: string): string {
  const op = spec ? operationFor(spec, 'GET', path) : undefined
  if (!op) return ''
  if (op.security === 'secured') return ` The spec declares this operation as requiring ${op.schemes.join(' or ')}.`
  if (op.security === 'public')
    return ' The spec declares this operation as public (security: []); if that is intended, add it to public: in the config.'
  return ''
}

function proof(leaks: Leak[]): Exchange[] {
  // one pair per owner first, so both directions are shown when both leak
  const picked: Leak[] = []
  for (const l of leaks) if (!picked.some((p) => p.owner === l.owner)) picked.push(l)
  for (const l of leaks) if (!picked.includes(l)) picked.push(l)
  return picked.slice(0, PROOF_PAIRS).flatMap((l) => [...l.request.response.exchanges, ...l.response.exchanges, ...(l.extra ?? [])])
}

async function run(ctx: ProbeContext): Promise<ProbeResult> {
  const accounts = scanAccounts(ctx.config)
  if (!ctx.login) return notTested('needs a login and two test accounts', ENABLE.loginAndAccounts)
  if (accounts.length < 2)
    return notTested(
      `needs two test accounts to replay one account's objects with the other's session (${accounts.length} configured)`,
      ENABLE.accounts,
    )
  const spec = ctx.config.spec ? await specForScan(ctx.config.spec, ctx.http, ctx.scope) : undefined
  const fw = ctx.target.framework.id
  const notes: string[] = []
  const templates = templatesOf(ctx, spec)
  // HEAD and GET on one path are one object URL: it is read with GET
  const readTemplates = templates.filter(
    (t) => isSafeMethod(t.method) && !(t.method === 'HEAD' && templates.some((o) => o.method === 'GET' && o.template === t.template)),
  )
  const unsafeTemplates = templates.filter((t) => !isSafeMethod(t.method))
  const isPublic = publicMatcher(ctx.config.public)
  const exclude = neverFetched(ctx, spec)
  const starts = startPages(ctx, templates, spec)

  const [first, second] = [accounts[0]!, accounts[1]!]
  const viewers: Array<Viewer & { flow: LoginFlow }> = []
  for (const account of [first, second]) {
    try {
      viewers.push(await loggedIn(ctx, first, account))
    } catch (err) {
      // one account that cannot log in leaves nothing to replay across accounts; the rest of the scan stands
      if (!(err instanceof LoginFailedError)) throw err
      return notTested(
        `${account.name}'s login did not succeed, so nothing was replayed across accounts: ${err.message}`,
        ENABLE.accountLogin,
      )
    }
  }
  const found: Discovery[] = []
  for (const v of viewers) {
    ctx.progress({ kind: 'check', id: 'SG-IDOR', status: 'start', detail: `discovering ${v.account.name}'s objects` })
    found.push(
      await discover(ctx.http, ctx.scope, v, { starts, templates: readTemplates, exclude, maxPages: MAX_PAGES, maxObjects: MAX_OBJECTS }),
    )
  }

  const cross: Leak[] = []
  const anonymous: Leak[] = []
  const anonResults: AnonymousResult[] = []
  const anonCache = new Map<string, HttpResponse>()
  const publicSkipped = new Set<string>()
  const crossTested = new Set<string>()
  const replayed = new Map<string, number>()
  let anonCount = 0
  const nobody = { actor: 'anonymous', session: new ActorSession('anonymous') }

  for (const [owner, other] of [
    [found[0]!, found[1]!],
    [found[1]!, found[0]!],
  ] as const) {
    const o = owner.viewer.account
    const b = other.viewer.account
    for (const r of owner.requests) {
      if (isPublic(r.path)) {
        publicSkipped.add(r.path)
        continue
      }
      if (!isData(r.response)) continue
      const exclusive = !other.produced.has(r.path)
      // the owner's own object: its name is on it, or it instantiates an object URL only this account was shown
      const owned =
        (shows(r.response.body, markersOf(o)) && !shows(r.response.body, markersOf(b))) || (r.template !== undefined && exclusive)
      if (!owned) continue
      ctx.progress({ kind: 'check', id: 'SG-IDOR', status: 'start', detail: `${b.name} requests ${o.name}'s ${r.path}` })
      const res = await sendAs(
        ctx.http,
        { actor: b.name, session: other.viewer.session },
        r.path,
        `${b.name}'s own session requests ${o.name}'s ${r.path}`,
      )
      crossTested.add(groupKey(r))
      replayed.set(o.name, (replayed.get(o.name) ?? 0) + 1)
      const how = carriesOwnerData(o, b, r.response, res, exclusive)
      if (how) cross.push({ owner, requester: b.name, request: r, response: res, how })

      let anon = anonCache.get(r.path)
      if (!anon) {
        anon = await sendAs(ctx.http, nobody, r.path, `a request with no session at all asks for ${r.path}`)
        anonCache.set(r.path, anon)
        anonCount++
        anonResults.push({ path: r.path, status: anon.status, served: isData(anon) })
      }
      const anonHow = carriesOwnerData(o, undefined, r.response, anon, true)
      if (anonHow) anonymous.push({ owner, requester: 'anonymous', request: r, response: anon, how: anonHow })
    }
  }

  // unsafe methods last, one object each, and only when the user said so: they can change or delete data
  const unsafeSkipped: string[] = []
  const unsafeDone: string[] = []
  for (const t of unsafeTemplates) {
    const owner = found[0]!
    const other = found[1]!
    const target = owner.requests.find(
      (r) =>
        !isPublic(r.path) &&
        isData(r.response) &&
        matchTemplate(t.template, new URL(r.path, ctx.scope.base).pathname) &&
        !other.produced.has(r.path),
    )
    if (!ctx.config.allow_unsafe_methods) {
      unsafeSkipped.push(`${t.method} ${t.template}`)
      continue
    }
    if (!target) continue
    const o = owner.viewer.account
    const b = other.viewer.account
    const json = /json/i.test(String(target.response.headers['content-type'] ?? ''))
    const withBody = t.method !== 'DELETE'
    const res = await sendAs(
      ctx.http,
      { actor: b.name, session: other.viewer.session },
      target.path,
      `UNSAFE: ${b.name}'s own session sends ${t.method} to ${o.name}'s ${target.path}`,
      {
        method: t.method,
        ...(withBody ? { body: target.response.body, headers: { 'content-type': json ? 'application/json' : 'text/plain' } } : {}),
      },
    )
    const reread = await sendAs(
      ctx.http,
      { actor: o.name, session: owner.viewer.session },
      target.path,
      `${o.name} reads ${target.path} again after ${b.name}'s ${t.method}`,
    )
    unsafeDone.push(`${t.method} ${target.path}`)
    crossTested.add(`${t.method} ${t.template}`)
    const ok = res.status >= 200 && res.status < 300
    const echoed = carriesOwnerData(o, b, target.response, res, true)
    const changed = reread.status !== target.response.status || !sameContent(target.response.body, reread.body, [])
    if (ok && (echoed || changed)) {
      const how = changed ? `${o.name}'s object changed: before ${target.response.status}, after ${reread.status}` : (echoed ?? '')
      cross.push({ owner, requester: b.name, request: { ...target, template: t }, response: res, how, extra: reread.exchanges })
    }
  }
  // only the accounts that replayed another's objects are asked again, and only when nothing leaked
  const requesters = viewers.filter((v) => [...replayed.keys()].some((owner) => owner !== v.account.name) || unsafeDone.length)
  const lost = cross.length === 0 && replayed.size + unsafeDone.length > 0 ? await lostSessions(ctx, requesters) : []
  if (unsafeSkipped.length)
    notes.push(
      `Read-only scan: not replayed across accounts because they can change data: ${list(unsafeSkipped)}. Set allow_unsafe_methods: true (--allow-unsafe-methods) against a disposable environment to test them.`,
    )
  if (unsafeDone.length)
    notes.push(
      `UNSAFE METHODS WERE SENT (allow_unsafe_methods: true): ${list(unsafeDone)} — ${second.name}'s session sent them to ${first.name}'s objects; data on the target may have been changed or deleted.`,
    )
  if (publicSkipped.size)
    notes.push(`Public allow-list: ${list([...publicSkipped])} served to the accounts but not judged (public: in the config).`)
  if (spec) notes.push(...schemeNotes(spec, ctx.target.carrier), ...enforcementNotes(spec, anonResults))

  const findings: Finding[] = []
  const outcomes: CheckOutcome[] = []
  const pages = found.map((d) => `${d.viewer.account.name}: ${d.pages} pages, ${d.requests.length} answered`).join('; ')
  const replayTotal = [...replayed.values()].reduce((a, b) => a + b, 0)

  const idorGroups = group(cross)
  for (const [key, leaks] of idorGroups) {
    const l = leaks[0]!
    const o = l.owner.viewer.account.name
    const listing = leaks.map((x) => `${x.requester} got ${x.owner.viewer.account.name}'s ${x.request.path}`)
    findings.push(
      makeFinding(
        'SG-IDOR',
        {
          summary: `${l.requester}, logged in with their own session, requested ${o}'s ${l.request.path} and received ${l.how}. ${o} was shown that object (${l.request.via}); ${l.requester}'s own pages never led to it. Confirmed on ${leaks.length} object${leaks.length > 1 ? 's' : ''}: ${list(listing)}.${specRemark(spec, l.request.path)}`,
          evidence: proof(leaks),
          confidence: 'confirmed',
          titleSuffix: key,
        },
        fw,
      ),
    )
  }
  for (const [key, leaks] of group(anonymous)) {
    const l = leaks[0]!
    const o = l.owner.viewer.account.name
    findings.push(
      makeFinding(
        'SG-AUTH-MISSING',
        {
          summary: `${o}'s ${l.request.path} was served to a request carrying no session at all, with ${l.how}. Confirmed on ${leaks.length} object${leaks.length > 1 ? 's' : ''}: ${list(leaks.map((x) => x.request.path))}.${specRemark(spec, l.request.path)}`,
          evidence: proof(leaks),
          confidence: 'confirmed',
          titleSuffix: key,
        },
        fw,
      ),
    )
  }

  // guessable ids matter only next to the cross-account result for the same objects
  const enumFindings: Finding[] = []
  const idsSeen: string[] = []
  for (const t of readTemplates) {
    const key = `${t.method} ${t.template}`
    const param = t.params.at(-1)
    if (!param || !crossTested.has(key)) continue
    const reqs = found.flatMap((d) => d.requests.filter((r) => r.template?.template === t.template && r.params?.[param] !== undefined))
    const verdict = judgeIds(reqs.map((r) => r.params![param]!))
    if (!verdict) continue
    idsSeen.push(`${t.template}: ${verdict.summary}`)
    if (!verdict.guessable) continue
    const exploited = idorGroups.has(key)
    const severity: Severity = exploited ? 'low' : 'info'
    const replays = cross
      .filter((x) => groupKey(x.request) === key)
      .slice(0, 1)
      .flatMap((x) => x.response.exchanges)
    enumFindings.push(
      makeFinding(
        'SG-IDOR-ENUM',
        {
          summary: `The ${param} values of ${t.template} seen by the two accounts (${list(verdict.ids, 6)}) follow a structure: ${verdict.summary}.${verdict.predictions.length ? ` Next values: ${verdict.predictions.slice(0, 3).join(', ')}.` : ''} ${exploited ? `Guessing an id is enough: the cross-account replay of ${t.template} served another account's object (SG-IDOR).` : `The cross-account replay of ${t.template} was refused, so guessing an id gives no access today; it only tells how many objects exist.`}`,
          evidence: [...reqs.slice(0, 3).flatMap((r) => r.response.exchanges.slice(-1)), ...replays],
          confidence: 'firm',
          severity,
          titleSuffix: t.template,
        },
        fw,
      ),
    )
  }
  findings.push(...enumFindings)

  const unsafeReason = unsafeSkipped.length ? `; not replayed (unsafe, read-only scan): ${list(unsafeSkipped)}` : ''
  const nothingOwned = `no object owned by one account was found to replay (${pages}); configure ${ENABLE.objects}`
  if (idorGroups.size)
    outcomes.push({
      id: 'SG-IDOR',
      status: 'failed',
      reason: `another account's objects served: ${[...idorGroups.keys()].join(', ')}${unsafeReason}`,
    })
  else if (lost.length)
    outcomes.push({
      id: 'SG-IDOR',
      status: 'not-tested',
      reason: `${lost.join('; ')}, so the refusals of its replays prove nothing`,
      enableWith: ENABLE.accountSession,
    })
  else if (replayTotal > 0 || unsafeDone.length)
    outcomes.push({
      id: 'SG-IDOR',
      status: 'passed',
      reason: `replayed ${[...replayed].map(([n, c]) => `${c} of ${n}'s objects`).join(' and ')} with the other account's session${unsafeDone.length ? ` and ${unsafeDone.length} unsafe request(s)` : ''}: refused or answered with the requester's own data${unsafeReason}`,
    })
  else outcomes.push({ id: 'SG-IDOR', status: 'not-tested', reason: nothingOwned, enableWith: ENABLE.objects })

  const anonGroups = group(anonymous)
  if (anonGroups.size)
    outcomes.push({
      id: 'SG-AUTH-MISSING',
      status: 'failed',
      reason: `owned objects served without a session: ${[...anonGroups.keys()].join(', ')}`,
    })
  else if (anonCount > 0)
    outcomes.push({
      id: 'SG-AUTH-MISSING',
      status: 'passed',
      reason: `replayed ${anonCount} owned object request(s) with no session: none served the owner's data`,
    })
  else outcomes.push({ id: 'SG-AUTH-MISSING', status: 'not-tested', reason: nothingOwned, enableWith: ENABLE.objects })

  if (enumFindings.length) outcomes.push({ id: 'SG-IDOR-ENUM', status: 'failed', reason: idsSeen.join('; ') })
  else if (idsSeen.length) outcomes.push({ id: 'SG-IDOR-ENUM', status: 'passed', reason: idsSeen.join('; ') })
  else
    outcomes.push({
      id: 'SG-IDOR-ENUM',
      status: 'not-tested',
      reason: 'fewer than 3 ids of one object template were seen, or none was replayed across accounts',
      enableWith: ENABLE.objects,
    })

  return { findings, outcomes, notes }
}

export const idorProbe: Probe = { name: 'authorization across sessions', checks: CHECKS, run }
