// Helpers for driving the target apps by hand in tests (plain fetch, no cookie jar, so every cookie
// value stays visible to the assertion).

/** name → value of every Set-Cookie in a response (a cleared cookie maps to ''). */
export function setCookies(res: Response): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';')[0] ?? ''
    const eq = pair.indexOf('=')
    if (eq > 0) out.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
  }
  return out
}

/** The full Set-Cookie line for one cookie name, for attribute assertions. */
export function setCookieLine(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().find((l) => l.startsWith(`${name}=`))
}

/** The value attribute of `<input name="…">` in an HTML page. */
export function inputValue(html: string, name: string): string | undefined {
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const tag = m[0]
    if (new RegExp(`\\bname="${name}"`).test(tag)) return /\bvalue="([^"]*)"/.exec(tag)?.[1]
  }
  return undefined
}

export function metaContent(html: string, name: string): string | undefined {
  return new RegExp(`<meta\\s+name="${name}"\\s+content="([^"]*)"`, 'i').exec(html)?.[1]
}

/** A urlencoded POST that does not follow redirects, optionally carrying a Cookie header. */
export function formPost(fields: Record<string, string>, cookie?: string, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie === undefined ? {} : { cookie }), ...headers },
    redirect: 'manual',
  }
}

/** A GET (or other bodiless request) that does not follow redirects, optionally carrying a Cookie header. */
export function plain(cookie?: string, method = 'GET', headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { ...(cookie === undefined ? {} : { cookie }), ...headers }, redirect: 'manual' }
}

/** A JSON POST, optionally with extra headers (cookies, session headers, CSRF headers). */
export function jsonPost(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers }, redirect: 'manual' }
}
