// Django 3.2 (Debian's python3-django) with django.contrib.sessions on the cache backend: the session
// lives on the server, the `sessionid` cookie (`HttpOnly; SameSite=Lax`, browser-session lifetime)
// only names it. The login page writes nothing to the session; a failed login stores a flash message
// and so issues the pre-login session (POST → 302 /login, the page shows the message).
//
// mode 'vulnerable' — login stores the user in that session without cycle_key(): the id a failed
//   login handed out is the logged-in session. A correct scanner finds it with its failed login and
//   reports SG-FIX-LOGIN.
// mode 'fixed' — request.session.cycle_key() at login (what django.contrib.auth.login() does): a new
//   key, the old one deleted. No fixation finding.
// Both: an invented sessionid is replaced (Django never adopts unknown keys); logout calls flush().
import { fileURLToPath } from 'node:url'
import { answers200, startChildServer } from '../child-server.js'
import { scanConfig } from './config.js'
import type { TargetApp } from './types.js'
import { ACCOUNTS } from './users.js'

/** Debian's interpreter, where python3-django is installed (a pyenv python3 on PATH may lack it). */
export const DEBIAN_PYTHON = process.env.SG_PYTHON ?? '/usr/bin/python3'

export async function startDjangoSessionsApp(opts: { mode: 'vulnerable' | 'fixed' }): Promise<TargetApp> {
  const script = fileURLToPath(new URL('./django/app.py', import.meta.url))
  const server = await startChildServer({
    what: 'django app',
    command: DEBIAN_PYTHON,
    args: (port) => [script, String(port), opts.mode],
    ready: answers200('/'),
    timeoutMs: 20_000,
  })
  const url = server.url
  return {
    name: `django-sessions-${opts.mode}`,
    url,
    config: scanConfig(
      url,
      { page: '/login', url: '/login', type: 'form', check: { url: '/account' } },
      { url: '/logout', method: 'POST' },
    ),
    accounts: ACCOUNTS.map((a) => ({ ...a })),
    close: () => server.stop(),
  }
}
