/**
 * A query parameter whose name says it holds a credential: a session id, a token, a key, a code, a
 * signature. The operator may put one in the target URL (a magic link, `?sid=` of a URL-carried session):
 * its value is then a secret of the scan, and no history key keeps it. Names only: a value's shape cannot
 * tell `?view=dashboard` from a token, and the history key must be the same for the raw target and the
 * report's masked one.
 */
export const CREDENTIAL_PARAM = /sess|sid|token|auth|identity|login|key|secret|pass|pwd|code|sig|ticket|jwt|otp|nonce|credential/i

export function isCredentialParam(name: string): boolean {
  return CREDENTIAL_PARAM.test(name)
}

/**
 * The values of a URL's credential-named parameters, in its query and in a fragment written like one
 * (`#access_token=…&state=…`, as an OAuth implicit grant hands it to a page). A URL that does not parse has none.
 */
export function credentialParamValues(url: string): string[] {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return []
  }
  const fragment = u.hash.includes('=') ? [...new URLSearchParams(u.hash.slice(1))] : []
  return [...u.searchParams, ...fragment].filter(([k]) => isCredentialParam(k)).map(([, v]) => v)
}
