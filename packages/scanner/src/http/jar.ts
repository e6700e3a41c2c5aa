import { Cookie, CookieJar } from 'tough-cookie'

/** Cookies are looked up as if over https, so Secure cookies issued over plain http are still sent back. */
function secureView(url: string): string {
  return url.startsWith('http:') ? `https:${url.slice(5)}` : url
}

/** One actor's cookies (attacker, victim, …). A scanner is not a browser: Secure cookies are always sent back, prefixes are not enforced. */
export class Jar {
  private jar: CookieJar
  /** Who made the cookie now under a name, when the target did not (its Set-Cookie clears the entry). */
  private readonly made: Map<string, 'scanner' | 'operator'>

  constructor(jar?: CookieJar, made?: Map<string, 'scanner' | 'operator'>) {
    this.jar = jar ?? new CookieJar(undefined, { looseMode: true, prefixSecurity: 'unsafe-disabled', allowSpecialUseDomain: true })
    this.made = new Map(made)
  }

  /** Stores the Set-Cookie headers of a response to `url`. Malformed ones are ignored, as a browser would. */
  store(setCookies: string[], url: string): void {
    for (const sc of setCookies) {
      try {
        const c = this.jar.setCookieSync(sc, url, { ignoreError: true })
        if (c) this.made.delete(c.key)
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
   * The cookies for `url` as facts for planting them into a browser: the `HttpOnly` the target gave a
   * cookie, and whether the scanner chose its value under a name the target did not set here (`set`).
   * Which of them a page script may read is the browser planting's decision, not the jar's.
   */
  forBrowser(url: string): Array<{ name: string; value: string; httpOnly: boolean; chosen: boolean }> {
    return this.jar
      .getCookiesSync(secureView(url))
      .map((c) => ({ name: c.key, value: c.value, httpOnly: c.httpOnly === true, chosen: this.made.get(c.key) === 'scanner' }))
  }

  /**
   * Plants a cookie the way an attacker would (a subdomain cookie, an injected header, XSS): host-only,
   * path /. It keeps the `HttpOnly` of the cookie of that name it replaces; unless that cookie was the
   * target's, the cookie is remembered as the scanner's choice.
   */
  set(name: string, value: string, url: string): void {
    const had = this.jar.getCookiesSync(secureView(url)).find((c) => c.key === name)
    if (!had || this.made.has(name)) this.made.set(name, 'scanner')
    this.put(name, value, url, had?.httpOnly === true)
  }

  /** A cookie the operator supplied (`request.cookies`): host-only, path /, as a cookie without attributes. */
  give(name: string, value: string, url: string): void {
    this.made.set(name, 'operator')
    this.put(name, value, url, false)
  }

  private put(name: string, value: string, url: string, httpOnly: boolean): void {
    this.jar.setCookieSync(new Cookie({ key: name, value, path: '/', httpOnly }), url, { ignoreError: true })
  }

  delete(name: string, url: string): void {
    this.made.delete(name)
    const u = new URL(url)
    for (const c of this.jar.getCookiesSync(secureView(url))) {
      if (c.key === name) this.jar.store.removeCookie(c.domain ?? u.hostname, c.path ?? '/', c.key, () => undefined)
    }
  }

  /** A frozen copy: later responses to either jar do not affect the other. */
  clone(): Jar {
    return new Jar(this.jar.cloneSync(), this.made)
  }

  /** A jar holding only the named cookies of this one. */
  only(names: string[], url: string): Jar {
    const copy = new Jar()
    for (const c of this.forBrowser(url)) {
      if (!names.includes(c.name)) continue
      copy.put(c.name, c.value, url, c.httpOnly)
      const by = this.made.get(c.name)
      if (by) copy.made.set(c.name, by)
    }
    return copy
  }

  /** This jar without the named cookie. */
  without(name: string, url: string): Jar {
    const copy = this.clone()
    copy.delete(name, url)
    return copy
  }
}
