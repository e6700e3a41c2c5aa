import type { HtmlForm, PageFacts } from '../../login/html.js'
import { planCsrf } from '../../login/csrf.js'
import { looksDestructive } from '../../target/destructive.js'
import type { ProbeContext } from '../types.js'

// The forms a visitor fills on the way to a session (add to cart, choose a language), submitted as a
// browser would: the form's own fields with their values, an empty text field given a harmless word,
// anti-CSRF tokens found the way the login finds them.

export interface FormRequest {
  method: string
  /** Path and query on the target's origin. */
  path: string
  body?: string
  headers: Record<string, string>
}

const FILLER: Record<string, string> = {
  email: 'sessionguard@example.invalid',
  number: '1',
  range: '1',
  tel: '5550100',
  url: 'https://example.invalid/',
  date: '2026-01-01',
}

/** Where the form sends its data, when that is the target's own origin. */
export function formAction(ctx: ProbeContext, pageUrl: string, form: HtmlForm): URL | undefined {
  let url: URL
  try {
    url = new URL(form.action ?? pageUrl, pageUrl)
  } catch {
    return undefined
  }
  if (!/^https?:$/.test(url.protocol) || !ctx.scope.inScope(url.href)) return undefined
  url.hash = ''
  return url
}

/** "POST /cart" for reports. */
export function describeForm(ctx: ProbeContext, pageUrl: string, form: HtmlForm): string {
  const url = formAction(ctx, pageUrl, form)
  return `${form.method} ${url ? `${url.pathname}${url.search}` : (form.action ?? '(this page)')}`
}

/**
 * A form the attacker may submit while looking for a session: same origin, no password (that is a
 * login, or a sign-up), GET or POST, and nothing in its action, field names, values or button labels
 * that names a destructive action.
 */
export function submittable(ctx: ProbeContext, pageUrl: string, form: HtmlForm): boolean {
  const url = formAction(ctx, pageUrl, form)
  if (!url || form.hasPassword || !['GET', 'POST'].includes(form.method)) return false
  const texts = [`${url.pathname}${url.search}`, ...form.labels, ...form.inputs.flatMap((i) => [i.name, i.value])]
  return !looksDestructive(...texts)
}

/** The request a browser would send for this form with its default values. */
export function formRequest(
  ctx: ProbeContext,
  facts: PageFacts,
  pageUrl: string,
  form: HtmlForm,
  cookies: Array<[string, string]>,
): FormRequest | undefined {
  const url = formAction(ctx, pageUrl, form)
  if (!url) return undefined
  const fields = new URLSearchParams()
  for (const i of form.inputs) {
    if (['submit', 'image', 'reset', 'button', 'file'].includes(i.type)) continue
    if ((i.type === 'checkbox' || i.type === 'radio') && !i.value) continue
    fields.append(i.name, i.value || FILLER[i.type] || (i.type === 'hidden' ? '' : 'sessionguard'))
  }
  const csrf = planCsrf(facts, form, cookies, true)
  const origin = new URL(pageUrl).origin
  if (form.method === 'GET') {
    for (const [k, v] of fields) url.searchParams.append(k, v)
    return { method: 'GET', path: `${url.pathname}${url.search}`, headers: { referer: pageUrl } }
  }
  return {
    method: 'POST',
    path: `${url.pathname}${url.search}`,
    body: fields.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, referer: pageUrl, ...csrf.headers },
  }
}
