// What the attacker's discovery must never trigger: a link or form that ends a session, deletes data
// or switches something off. A target can spell those any way a browser still understands
// (`/log%6Fut`, `/%2564elete`, `/Sign_Out`, full-width letters), so the words are matched after every
// layer of percent-encoding is undone and the text is folded to lower-case NFKC.

// Words that name a destructive action; matched with separators removed, so sign_out, sign-out,
// sign.out and signout are one word. Kept to words whose harmless uses are rare in a URL.
const JOINED = [
  'logout',
  'logoff',
  'signout',
  'signoff',
  'loggedout',
  'endsession',
  'delete',
  'destroy',
  'remove',
  'deactivate',
  'unsubscribe',
  'unregister',
  'purge',
  'wipe',
  'erase',
  'truncate',
  'revoke',
  'shutdown',
  'poweroff',
  'reboot',
  'restart',
  'terminate',
  'resetdb',
  'resetdatabase',
  'dropdb',
  'droptable',
  'dropdatabase',
  'factoryreset',
  'uninstall',
]
// Words that are destructive only as a whole path segment or parameter (`/account/close`, `/reset`,
// `?action=clear`), and harmless inside longer words (closet, preset, nuclear).
const WHOLE = [
  'close',
  'reset',
  'clear',
  'drop',
  'cancel',
  'exit',
  'quit',
  'ban',
  'nuke',
  'del',
  'rm',
  'kill',
  'flush',
  'disable',
  'suspend',
]

const JOINED_RE = new RegExp(JOINED.join('|'))
const WHOLE_RE = new RegExp(`(^|[^a-z0-9])(${WHOLE.join('|')})([^a-z0-9]|$)`)

/** Undoes percent-encoding until nothing changes (at most 8 layers); malformed escapes stay as they are. */
export function decodeFully(text: string): string {
  let out = text
  for (let i = 0; i < 8; i++) {
    let next: string
    try {
      next = decodeURIComponent(out.replace(/\+/g, ' '))
    } catch {
      // a lone % or a broken sequence: decode what can be decoded, one escape at a time
      next = out.replace(/%[0-9a-f]{2}/gi, (m) => {
        try {
          return decodeURIComponent(m)
        } catch {
          return m
        }
      })
    }
    if (next === out) break
    out = next
  }
  return out
}

/** The text as a case-insensitive, compatibility-folded string: `ＬｏｇＯｕｔ` and `LOGOUT` read as `logout`. */
export function fold(text: string): string {
  return decodeFully(text).normalize('NFKC').toLowerCase()
}

/** True when any of the texts (a URL, a form's action, its field names, values and button labels) names a destructive action. */
export function looksDestructive(...texts: string[]): boolean {
  for (const t of texts) {
    const folded = fold(t)
    if (WHOLE_RE.test(folded)) return true
    // one path segment or parameter at a time, so `/catalog/outdoor` does not read as "logout"
    for (const piece of folded.split(/[/?&=#;,:]+/)) if (JOINED_RE.test(piece.replace(/[^a-z0-9]+/g, ''))) return true
  }
  return false
}
