/**
 * A query parameter whose name says it holds a credential: a session id, a token, a key, a code, a
 * signature. The operator may put one in the target URL (a magic link, `?sid=` of a URL-carried session):
 * its value is then a secret of the scan, and no history key keeps it. Names only: a value's shape cannot
 * tell `?view=dashboard` from a token, and the history key must be the same for the raw target and the
 * report's masked one.
 *
 * By stem, not by listed name, so every spelling of one is caught (`pw`, `passwd`, `cred`, `creds`,
 * `bearer`, `hmac`, `SAMLResponse`, `assertion`). A stem inside an unrelated word (`keyword`, `monkey`)
 * masks a value that is no secret: that costs a report its readability in one place, where missing a
 * credential leaks it, so stems are not fenced at word boundaries.
 */
export const CREDENTIAL_PARAM =
  /sess|sid|token|auth|identity|login|key|secret|pass|pw|cred|code|sig|ticket|jwt|otp|nonce|bearer|hmac|saml|assertion/i

export function isCredentialParam(name: string): boolean {
  return CREDENTIAL_PARAM.test(name)
}

/**
 * Every `name=value` a URL-like text holds where a server could read one: path parameters
 * (`/app;jsessionid=…`, `/a;sid=…/b`), the query split at both '&' and ';' (`?a=1;sid=…`, the W3C
 * form servers still honour), and a fragment written like a query (`#access_token=…`). One reading
 * for all of them, so a credential is never missed for the separator it came behind. Each value is
 * given raw and, where it decodes to something else, percent-decoded.
 */
export function urlParams(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = []
  // a name is what sits after a separator of any URL part; the value runs to the next separator
  // (a query value may hold '/', a path parameter's ends there: both readings are given)
  for (const m of text.matchAll(/(?:^|[?&;#/])([^=?&;#/\s"'<>]+)=([^?&;#\s"'<>]*)/g)) {
    const name = formDecoded(m[1]!)
    const whole = m[2]!
    const slash = whole.indexOf('/')
    for (const value of slash >= 0 ? [whole.slice(0, slash), whole] : [whole]) {
      out.push([name, value])
      const decoded = formDecoded(value)
      if (decoded !== value) out.push([name, decoded])
    }
  }
  return out
}

/** A form or query value decoded (`+` as a space); a broken escape leaves it as it stands. */
export function formDecoded(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

/**
 * The values of a URL's credential-named parameters, wherever urlParams() finds one: path, query (at
 * '&' or ';') and fragment. Read from the text as given, so a URL that does not parse (a mistyped
 * target quoted in its error) still gives its credentials up to be learned.
 */
export function credentialParamValues(url: string): string[] {
  return urlParams(url)
    .filter(([k]) => isCredentialParam(k))
    .map(([, v]) => v)
}

/**
 * A text (an error message, a config value quoted back) with the value of every credential-named
 * parameter in it replaced by its length (`?token=[21 characters]`): what any message shows of a URL
 * before the report's redactor has seen it, or when no redactor exists (a config that did not
 * validate). Nothing of the value is kept, so a later cut of the message cannot leave a prefix.
 */
export function maskCredentialParams(text: string): string {
  // A value already masked (`[15 characters]`, by the message's author or an earlier pass) is matched
  // whole and kept: read as a value it would stop at its space and be masked again, garbled.
  return text.replace(
    /((?:^|[?&;#/])([^=?&;#/\s"'<>]+)=)(\[\d+ characters\]|[^?&;#\s"'<>]*)/g,
    (all, head: string, name: string, value: string) => {
      if (!value || MASKED.test(value) || !isCredentialParam(plainName(name))) return all
      return `${head}[${value.length} characters]`
    },
  )
}

const MASKED = /^\[\d+ characters\]$/

function plainName(name: string): string {
  try {
    return decodeURIComponent(name)
  } catch {
    return name
  }
}
