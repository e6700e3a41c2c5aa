// Which names mean what. The shapes are decided on names only where a name is all there is: the
// attribute a session item is keyed by, the session key that says who is logged in, the route or
// function that is a login. Each list is small and written for precision: a name missing here
// means a finding missed, never one invented.

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '')

const KEY_ATTRIBUTES = new Set([
  'sessionid',
  'sid',
  'session',
  'sessionkey',
  'sessiontoken',
  'sess',
  'sessid',
  'token',
  'pk',
  'id',
  'key',
  'sessionhash',
])
/** An item attribute that can be the key of a stored session. */
export function isSessionKeyAttribute(name: string): boolean {
  return KEY_ATTRIBUTES.has(norm(name))
}

/** A header, query or body parameter that carries a session id (any cookie may). */
export function isSessionCarrierName(name: string | undefined): boolean {
  if (name === undefined) return false
  const n = norm(name)
  return n.includes('session') || n.includes('sess') || n === 'sid' || n === 'xsid'
}

const IDENTITY_KEYS = new Set([
  'user',
  'userid',
  'uid',
  'username',
  'email',
  'account',
  'accountid',
  'auth',
  'authuser',
  'authenticated',
  'isauthenticated',
  'loggedin',
  'isloggedin',
  'login',
  'role',
  'roles',
  'principal',
  'identity',
  'member',
  'memberid',
  'currentuser',
  'authuserid',
  'passport',
  'admin',
  'isadmin',
  'customerid',
])
/** A session key (or item attribute) that records who is logged in. */
export function isIdentityKey(name: string): boolean {
  return IDENTITY_KEYS.has(norm(name))
}

/** A route path or handler name that performs a login. */
export function isLoginName(text: string | undefined): boolean {
  if (!text) return false
  const n = text.toLowerCase()
  return (
    /(^|[^a-z])(log-?in|sign-?in|signon|authenticate|auth)([^a-z]|$)/.test(n) ||
    /log_?in|sign_?in|authenticate/.test(n) ||
    /(^|\/)sessions?\/?$/.test(n)
  )
}
