import type { HttpEngine, HttpResponse } from '../../http/client.js'
import type { Scope } from '../../http/scope.js'
import { decorate, type ActorSession } from '../../actors/session.js'
import { readPage } from '../../login/html.js'
import type { NamedAccount } from './accounts.js'
import { fillTemplate, matchTemplate, type ObjectTemplate } from '../../openapi/patterns.js'

// Each account finds its own objects the way its user would: the pages it is shown after login,
// the links and ids in them, and the configured or documented templates filled with those ids.
// GET only, same origin only, bounded.

export interface Viewer {
  account: NamedAccount
  session: ActorSession
}

export interface FoundRequest {
  method: 'GET'
  /** Path and query, as the owner requested it (before any session carrier was added). */
  path: string
  template?: ObjectTemplate
  params?: Record<string, string>
  /** How it was found, for the report. */
  via: string
  /** The owner's own response. */
  response: HttpResponse
}

export interface Discovery {
  viewer: Viewer
  requests: FoundRequest[]
  /** Every path this account's discovery produced, whatever it answered: "was this account ever shown it?" */
  produced: Set<string>
  /** Id values seen in the account's JSON, by normalised key (orderid, id, uuid…). */
  ids: Map<string, Set<string>>
  pages: number
}

export interface DiscoverOptions {
  starts: string[]
  templates: ObjectTemplate[]
  exclude: (path: string) => boolean
  maxPages: number
  maxObjects: number
}

const ASSET = /\.(css|js|mjs|map|png|jpe?g|gif|svg|ico|woff2?|ttf|eot|webp|avif|mp4|webm|pdf|zip|gz)$/i
const ID_KEY = /^(id|uuid|guid)$|(_id|Id|ID|_uuid|Uuid|_key)$/
const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '')
const singular = (s: string): string =>
  s
    .replace(/ies$/i, 'y')
    .replace(/(ss|x|ch|sh)es$/i, '$1')
    .replace(/s$/i, '')

/** Sends a GET as `viewer`, with its cookies and any identifier it carries in a header or the URL. */
export function sendAs(
  http: HttpEngine,
  viewer: { actor: string; session: ActorSession },
  path: string,
  note: string,
  opts: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<HttpResponse> {
  const req = decorate(path, opts.headers ?? {}, viewer.session.carry)
  return http.send({
    actor: viewer.actor,
    method: opts.method ?? 'GET',
    path: req.path,
    headers: req.headers,
    jar: viewer.session.jar,
    freeze: true,
    note,
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  })
}

function looksJson(res: HttpResponse): boolean {
  const type = String(res.headers['content-type'] ?? '')
  return /json/i.test(type) || /^\s*[[{]/.test(res.body)
}

/** Links and ids in a response: href/src/action in HTML; path-like strings and id-like keys in JSON. */
function mine(res: HttpResponse, ids: Map<string, Set<string>>): string[] {
  const links: string[] = []
  const addId = (key: string, v: unknown): void => {
    const value = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v : undefined
    if (value === undefined || value.length === 0 || value.length > 128 || /\s/.test(value)) return
    const k = norm(key)
    if (!ids.has(k)) ids.set(k, new Set())
    ids.get(k)!.add(value)
  }
  if (looksJson(res)) {
    let json: unknown
    try {
      json = JSON.parse(res.body)
    } catch {
      return links
    }
    const walk = (node: unknown, parent: string, depth: number): void => {
      if (depth > 12) return
      if (Array.isArray(node)) node.slice(0, 500).forEach((n) => walk(n, parent, depth + 1))
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (ID_KEY.test(k)) {
            addId(k, v)
            // {"orders":[{"id":7}]}: that bare id is an order id
            if (/^(id|uuid|guid)$/i.test(k) && parent) addId(`${singular(parent)}${k}`, v)
          }
          if (typeof v === 'string' && ((v.startsWith('/') && !v.startsWith('//')) || /^https?:\/\//i.test(v))) links.push(v)
          else walk(v, k, depth + 1)
        }
      }
    }
    walk(json, '', 0)
  } else if (/<[a-z!]/i.test(res.body)) {
    const facts = readPage(res.body)
    // a form that posts is an action, not a page: its URL is never fetched
    const actions = new Set(facts.forms.filter((f) => f.method !== 'GET').map((f) => f.action))
    links.push(...facts.links.filter((l) => !actions.has(l)))
  }
  return links
}

function candidates(t: ObjectTemplate, param: string, ids: Map<string, Set<string>>, account: NamedAccount): string[] {
  const out = new Set<string>()
  const p = norm(param)
  for (const v of ids.get(p) ?? []) out.add(v)
  if (/^(id|uuid|guid|key)$/.test(p)) {
    // /orders/{id}: the segment before names the object
    const segs = t.template.split('/')
    const before = segs[segs.findIndex((s) => s === `{${param}}`) - 1]
    if (before && !before.includes('{')) for (const v of ids.get(`${norm(singular(before))}${p}`) ?? []) out.add(v)
    if (out.size === 0) for (const v of ids.get(p) ?? []) out.add(v)
  }
  if (/^(user|username|owner|account|login|accountname)$/.test(p)) out.add(account.username)
  return [...out]
}

function combos(t: ObjectTemplate, ids: Map<string, Set<string>>, account: NamedAccount, cap: number): Array<Record<string, string>> {
  let acc: Array<Record<string, string>> = [{}]
  for (const param of t.params) {
    const values = candidates(t, param, ids, account)
    acc = acc.flatMap((c) => values.map((v) => ({ ...c, [param]: v }))).slice(0, cap)
  }
  return t.params.length ? acc : []
}

/** Crawls what `viewer` is shown after login and fills the templates with the ids it saw. */
export async function discover(http: HttpEngine, scope: Scope, viewer: Viewer, opts: DiscoverOptions): Promise<Discovery> {
  const d: Discovery = { viewer, requests: [], produced: new Set(), ids: new Map(), pages: 0 }
  const actor = { actor: viewer.account.name, session: viewer.session }
  const templateOf = (path: string): { template: ObjectTemplate; params: Record<string, string> } | undefined => {
    const pathname = new URL(path, scope.base).pathname
    for (const template of opts.templates) {
      const params = matchTemplate(template.template, pathname)
      if (params) return { template, params }
    }
    return undefined
  }
  const normalise = (link: string, from: string): string | undefined => {
    if (/^(mailto|javascript|data|tel):/i.test(link) || link.startsWith('#')) return undefined
    let u: URL
    try {
      u = new URL(link, from)
    } catch {
      return undefined
    }
    if (!scope.inScope(u.href) || ASSET.test(u.pathname)) return undefined
    const path = `${u.pathname}${u.search}`
    return opts.exclude(path) ? undefined : path
  }
  const fetchOne = async (path: string, via: string): Promise<HttpResponse> => {
    d.produced.add(path)
    const res = await sendAs(http, actor, path, `${viewer.account.name} opens ${path} (${via})`)
    const t = templateOf(path)
    if (res.status >= 200 && res.status < 300)
      d.requests.push({ method: 'GET', path, via, response: res, ...(t ? { template: t.template, params: t.params } : {}) })
    return res
  }

  const queue: Array<{ path: string; via: string }> = []
  for (const s of opts.starts) {
    const p = normalise(s, scope.base.href)
    if (p) queue.push({ path: p, via: 'start page' })
  }
  while (queue.length && d.pages < opts.maxPages) {
    const { path, via } = queue.shift()!
    if (d.produced.has(path)) continue
    d.pages++
    const res = await fetchOne(path, via)
    if (res.status < 200 || res.status >= 300) continue
    for (const link of mine(res, d.ids)) {
      const p = normalise(link, res.url)
      if (p && !d.produced.has(p)) queue.push({ path: p, via: `linked from ${path}` })
    }
  }
  let objects = 0
  for (const t of opts.templates) {
    for (const values of combos(t, d.ids, viewer.account, 20)) {
      const path = fillTemplate(t.template, values)
      if (d.produced.has(path) || opts.exclude(path) || objects >= opts.maxObjects) continue
      objects++
      const res = await fetchOne(path, `${t.template} (${t.source}) with ids the account was shown`)
      if (res.status >= 200 && res.status < 300) mine(res, d.ids)
    }
  }
  return d
}
