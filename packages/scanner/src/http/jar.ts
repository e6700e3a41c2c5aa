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

  /** Plants a cookie the way an attacker would (a subdomain cookie, an injected header, XSS): host-only, path /. */
  set(name: string, value: string, url: string): void {
    const cookie = new Cookie({ key: name, value, path: '/' })
    this.jar.setCookieSync(cookie, url, { ignoreError: true })
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
    for (const [k, v] of this.entries(url)) if (names.includes(k)) copy.set(k, v, url)
    return copy
  }

  /** This jar without the named cookie. */
  without(name: string, url: string): Jar {
    const copy = this.clone()
    copy.delete(name, url)
    return copy
  }
}
