import type { Exchange } from '../model/finding.js'

/** Shows enough of a secret to follow it through the evidence (same prefix, same length), never enough to use it. */
export function mask(value: string): string {
  if (value.length <= 8) return `${'*'.repeat(Math.min(value.length, 4))}…[${value.length}]`
  return `${value.slice(0, 4)}…[${value.length}]`
}

const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'x-auth-token'])

/**
 * Collects every secret a scan handles (passwords, every cookie value and session id it saw or
 * planted) and masks them in evidence. Redaction runs once, on the finished report's evidence, so a
 * value learned to be a session id late in the scan is still masked in early exchanges.
 */
export class Redactor {
  private readonly secrets = new Map<string, string>()
  private readonly passwords = new Set<string>()

  /** A password is masked as typed and as a request carries it: URL-, form- and JSON-encoded. */
  addPassword(password: string): void {
    if (!password) return
    for (const form of [password, encodeURIComponent(password), new URLSearchParams({ p: password }).toString().slice(2), JSON.stringify(password).slice(1, -1)]) this.passwords.add(form)
  }

  addSecret(value: string | undefined): void {
    // very short values would mask unrelated text all over the evidence; they are masked where they appear as cookie/header values instead
    if (value && value.length >= 6) this.secrets.set(value, mask(value))
  }

  text(input: string): string {
    let out = input
    for (const p of this.passwords) out = out.split(p).join('********')
    // longest first, so a token containing another token is masked whole
    const keys = [...this.secrets.keys()].sort((a, b) => b.length - a.length)
    for (const s of keys) if (out.includes(s)) out = out.split(s).join(this.secrets.get(s)!)
    for (const s of keys) {
      const enc = encodeURIComponent(s)
      if (enc !== s && out.includes(enc)) out = out.split(enc).join(this.secrets.get(s)!)
    }
    return out
  }

  private cookiePairs(header: string, sep: string): string {
    return header
      .split(sep)
      .map((part) => {
        const eq = part.indexOf('=')
        if (eq < 0) return part
        const name = part.slice(0, eq)
        const value = part.slice(eq + 1).trim()
        return `${name}=${value ? mask(value) : ''}`
      })
      .join(sep)
  }

  private setCookie(header: string): string {
    const semi = header.indexOf(';')
    const pair = semi < 0 ? header : header.slice(0, semi)
    const rest = semi < 0 ? '' : header.slice(semi)
    return this.cookiePairs(pair, ';') + rest
  }

  headers(h: Record<string, string | string[]>): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {}
    for (const [k, v] of Object.entries(h)) {
      const key = k.toLowerCase()
      const each = (s: string): string => {
        if (key === 'cookie') return this.cookiePairs(s, ';')
        if (key === 'set-cookie') return this.setCookie(s)
        if (SENSITIVE_HEADERS.has(key)) return s.length > 12 ? `${s.slice(0, 7)}${mask(s.slice(7))}` : '********'
        if (/session|token|sid/i.test(key) && s.length >= 6) return mask(s)
        return this.text(s)
      }
      out[k] = Array.isArray(v) ? v.map(each) : each(v)
    }
    return out
  }

  exchange(x: Exchange): Exchange {
    const out: Exchange = {
      ...x,
      request: {
        ...x.request,
        url: this.text(x.request.url),
        headers: this.headers(x.request.headers) as Record<string, string>,
      },
    }
    if (x.request.body !== undefined) out.request.body = this.text(x.request.body)
    if (x.response) {
      out.response = { ...x.response, headers: this.headers(x.response.headers) }
      if (x.response.body !== undefined) out.response.body = this.text(x.response.body)
    }
    if (x.note !== undefined) out.note = this.text(x.note)
    if (x.error !== undefined) out.error = this.text(x.error)
    return out
  }
}
