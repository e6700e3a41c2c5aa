// Flask 2.2 with Flask-Login 0.6 (Debian's python3-flask, python3-flask-login): notes behind
// @login_required, the account page greeting its user in markup ("Signed in as <b>alice</b>").
// Flask keeps the session in a signed cookie (`session`, HttpOnly, no SameSite, browser-session
// lifetime); Flask-Login stores the user in it.
//
// Both modes: login_required sends a visitor to /login?next=<the URL asked for>, query string
// included (so a scanner that asks for /account?session=<id> gets its own id back in a redirect:
// a reflection, not a leak); the flash message of that redirect and of a failed login is what
// creates the pre-login cookie; the cookie's value changes at login (the signed content does) and
// the pre-login one never authenticates; an invented cookie fails the signature. Logout removes
// the user from the cookie it sends back, but a copy of the logged-in cookie stays valid: the
// server keeps nothing to end (SG-LOGOUT).
//
// mode 'idor' — /notes/<id> shows any note to any logged-in user: each account reads the other's
//   notes (SG-IDOR), note ids are a counter (SG-IDOR-ENUM, low).
// mode 'owner' — /notes/<id> answers 404 to everyone but the note's owner (SG-IDOR passed,
//   SG-IDOR-ENUM info: the counter only tells how many notes exist).
import { fileURLToPath } from 'node:url'
import { answers200, startChildServer } from '../child-server.js'
import { DEBIAN_PYTHON } from './django-sessions.js'
import type { TargetApp } from './types.js'
import { ALICE, BOB } from './users.js'

export async function startFlaskNotesApp(opts: { mode: 'idor' | 'owner' }): Promise<TargetApp> {
  const script = fileURLToPath(new URL('./flask/notes.py', import.meta.url))
  const server = await startChildServer({
    what: 'flask app',
    command: DEBIAN_PYTHON,
    args: (port) => [script, String(port), opts.mode],
    ready: answers200('/'),
    timeoutMs: 20_000,
  })
  const url = server.url
  return {
    name: `flask-notes-${opts.mode}`,
    url,
    config: {
      target: url,
      login: {
        page: '/login',
        url: '/login',
        type: 'form',
        credentials: { username: ALICE.username, password: ALICE.password },
        // the first account's own greeting, markup included: the scan adapts it for every other account
        check: { url: '/account', contains: `Signed in as <b>${ALICE.username}</b>` },
      },
      accounts: [{ ...BOB }],
      objects: ['/notes/{id}'],
      logout: { url: '/logout', method: 'POST' },
    },
    accounts: [ALICE, BOB].map((a) => ({ ...a })),
    close: () => server.stop(),
  }
}
