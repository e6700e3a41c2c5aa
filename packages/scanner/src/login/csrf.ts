import type { HtmlForm, PageFacts } from './html.js'
import { headerValueFrom } from '../http/header-value.js'

const CSRF_NAME = /csrf|xsrf|token|authenticity|nonce|_wpnonce|__requestverificationtoken/i
const META_NAMES = ['csrf-token', '_csrf', 'csrf_token', 'x-csrf-token', 'xsrf-token', '_token']
/** Double-submit cookies and the header their framework expects the value back in. */
const COOKIE_HEADERS: Record<string, string> = {
  'xsrf-token': 'X-XSRF-TOKEN',
  csrftoken: 'X-CSRFToken',
  _csrf: 'X-CSRF-Token',
  'csrf-token': 'X-CSRF-Token',
  csrf_token: 'X-CSRF-Token',
}

export interface CsrfPlan {
  headers: Record<string, string>
  fields: Record<string, string>
  /** What was found, in words, for the report. */
  found: string[]
}

/** Finds anti-CSRF tokens the way a browser-side script would: hidden inputs, meta tags, double-submit cookies. */
export function planCsrf(page: PageFacts, form: HtmlForm | undefined, cookies: Array<[string, string]>, hasCsrfInput: boolean): CsrfPlan {
  const plan: CsrfPlan = { headers: {}, fields: {}, found: [] }
  for (const name of META_NAMES) {
    const value = page.meta[name]
    if (!value) continue
    plan.headers['X-CSRF-Token'] = value
    if (!hasCsrfInput) plan.fields[page.meta['csrf-param'] ?? '_token'] = value
    plan.found.push(`meta ${name}`)
    break
  }
  for (const [name, value] of cookies) {
    const header = COOKIE_HEADERS[name.toLowerCase()]
    if (!header) continue
    const sent = headerValueFrom(value)
    if (sent === undefined) {
      plan.found.push(`cookie ${name} not copied to header ${header}: its value cannot be sent in a header`)
      continue
    }
    plan.headers[header] = sent
    plan.found.push(`cookie ${name} → header ${header}`)
  }
  if (form) for (const i of form.inputs) if (i.type === 'hidden' && CSRF_NAME.test(i.name)) plan.found.push(`hidden input ${i.name}`)
  return plan
}

export function isCsrfCookie(name: string): boolean {
  return name.toLowerCase() in COOKIE_HEADERS || /csrf|xsrf/i.test(name)
}

export function isCsrfField(name: string): boolean {
  return CSRF_NAME.test(name)
}
