import { Cookie, CookieJar } from 'tough-cookie'

/** Cookies are looked up as if over https, so Secure cookies issued over plain http are still sent back. */
function secureView(url: string): string {
  return url.startsWith('http:') ? `https:${url.slice(5)}` : url
}

/** One actor's cookies (attacker, victim, …). A scanner is not a browser: Secure cookies are always sent back, prefixes are not enforced. */
export class Jar {
  private jar: CookieJar

  constructor(jar?: CookieJar) {
    this.jar = jar ?? new CookieJar(undefined, { looseMode: true, prefixSecurity: 'unsafe-disabled', allowSpecialUseDomain: true })
  }

  /** Stores the Set-Cookie headers of a response to `url`. Malformed ones are ignored, as a browser would. */
  store(setCookies: string[], url: string): void {
    for (const sc of setCookies) {
      try {
        this.jar.setCookieSync(sc, url, { ignoreError: true })
      } catch {
        // hostile or malformed cookie: dropped, the raw header stays in the evidence
      }
    }
  }

  header(url: string): string {
    return this.jar.getCookieStringSync(secureView(url))
  }

  get(name: string, url: string): string | undefined {
    return this.jar.getCookiesSync(secureView(url)).find((c) => c.key === name)?.value
  }

  names(url: string): string[] {
    return this.jar.getCookiesSync(secureView(url)).map((c) => c.key)
  }

  entries(url: string): Array<[string, string]> {
    return this.jar.getCookiesSync(secureView(url)).map((c) => [c.key, c.value])
  }

  /**
   * The cookies for `url` with whether a page script may read them, for planting into a browser: a
   * browser must hide from a page's script whatever the target hid (its `HttpOnly`), or the page reads a
   * planted session id before anything is typed, when every request it makes is shown as sent.
   */
  forBrowser(url: string): Array<{ name: string; value: string; httpOnly: boolean }> {
    return this.jar.getCookiesSync(secureView(url)).map((c) => ({ name: c.key, value: c.value, httpOnly: c.httpOnly === true }))
  }

  /**
   * Plants a cookie the way an attacker would (a subdomain cookie, an injected header, XSS): host-only,
   * path /. It keeps the `HttpOnly` of the cookie of that name it replaces; a cookie the target never set
   * here is `HttpOnly`, so no page script in a browser it is planted into can read what the scanner chose.
   */
  set(name: string, value: string, url: string): void {
    const had = this.jar.getCookiesSync(secureView(url)).find((c) => c.key === name)
    this.put(name, value, url, had ? had.httpOnly === true : true)
  }

  private put(name: string, value: string, url: string, httpOnly: boolean): void {
    this.jar.setCookieSync(new Cookie({ key: name, value, path: '/', httpOnly }), url, { ignoreError: true })
  }

  delete(name: string, url: string): void {
    const u = new URL(url)
    for (const c of this.jar.getCookiesSync(secureView(url))) {
      if (c.key === name) this.jar.store.removeCookie(c.domain ?? u.hostname, c.path ?? '/', c.key, () => undefined)
    }
  }

  /** A frozen copy: later responses to either jar do not affect the other. */
  clone(): Jar {
    return new Jar(this.jar.cloneSync())
  }

  /** A jar holding only the named cookies of this one. */
  only(names: string[], url: string): Jar {
    const copy = new Jar()
    for (const c of this.forBrowser(url)) if (names.includes(c.name)) copy.put(c.name, c.value, url, c.httpOnly)
    return copy
  }

  /** This jar without the named cookie. */
  without(name: string, url: string): Jar {
    const copy = this.clone()
    copy.delete(name, url)
    return copy
  }
}
