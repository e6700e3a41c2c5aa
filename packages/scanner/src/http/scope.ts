import { ConfigError, OutOfScopeError } from '../errors.js'
import { maskCredentialParams } from '../text/url-credentials.js'

/** `localhost:3000` parses as a URL whose scheme is "localhost:": a target without :// gets the http:// form suggested. */
function schemeHint(target: string): string | undefined {
  const t = target.trim()
  if (t.includes('://') || t === '' || /\s/.test(t)) return undefined
  // a mistyped scheme (http//host, https:/host) is repaired rather than prefixed
  const fixed = /^https?[:/\\]/i.test(t) ? t.replace(/^(https?)[:/\\]+/i, '$1://') : `http://${t.replace(/^\/+/, '')}`
  return `did you mean ${fixed.slice(0, 200)} ?`
}

/**
 * The only origin a scan may talk to. Every URL the engine sends to goes through `resolve`, so a
 * redirect, a link in a page or a config value can never aim a request anywhere else.
 */
export class Scope {
  readonly origin: string
  readonly base: URL

  constructor(target: string) {
    // a message quotes the target with its credentials (?token=, ;jsessionid=) masked first, then cut
    const quoted = maskCredentialParams(target)
    let url: URL
    try {
      url = new URL(target)
    } catch {
      throw new ConfigError(
        `target is not a valid URL: ${JSON.stringify(quoted.slice(0, 200))} (${schemeHint(quoted) ?? 'expected e.g. http://127.0.0.1:3000'})`,
      )
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError(
        `target must be an http:// or https:// URL, got ${url.protocol}${schemeHint(quoted) ? ` (${schemeHint(quoted)})` : ''}`,
      )
    }
    // URL parsing repairs what it is given: https:/host, https:\\host and https:///host become
    // https://host, a tab or line break inside the host is deleted (127.0.0.1<LF>.evil.example is
    // 127.0.0.1.evil.example), and a backslash ends the host where other tools read on. A scanner aims
    // only where it was told to, so a target the parser would have to repair is refused before any
    // name is looked up. Leading and trailing C0 controls and spaces are stripped, as the parser does.
    const written = target.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '')
    if (!/^https?:\/\/(?![/\\])/i.test(written) || /[\t\n\r\\]/.test(written)) {
      throw new ConfigError(
        `target is not a well-formed URL: ${JSON.stringify(quoted.slice(0, 200))} (${schemeHint(maskCredentialParams(written)) ?? 'expected e.g. http://127.0.0.1:3000, without tabs, line breaks or backslashes'})`,
      )
    }
    if (url.username || url.password) throw new ConfigError('target must not carry credentials in the URL; use login.credentials')
    this.base = url
    this.origin = url.origin
  }

  get isHttps(): boolean {
    return this.base.protocol === 'https:'
  }

  /** Resolves a path or URL against the target; throws OutOfScopeError when it leaves the origin. */
  resolve(pathOrUrl: string): URL {
    const url = new URL(pathOrUrl, this.base)
    if (url.origin !== this.origin) throw new OutOfScopeError(`refused to leave the target's origin: ${url.origin} is not ${this.origin}`)
    return url
  }

  inScope(pathOrUrl: string): boolean {
    try {
      return new URL(pathOrUrl, this.base).origin === this.origin
    } catch {
      return false
    }
  }
}
