// Django 3.2 (Debian's python3-django) with django.contrib.auth as projects use it: users in a
// database, auth.login() at login (a new session key, the old one deleted: no fixation), auth.logout()
// (flush), CSRF middleware, and @login_required on /account/, which redirects a visitor to
// /accounts/login/?next=<the path and query string asked for>. A scanner that requests
// /account/?sessionid=<id> is handed its own id back in that redirect and on the login page's hidden
// `next` field: a reflection of its own request, never a leak.
//
// mode 'plain' — nothing else: the session id never appears in a URL the server makes up.
// mode 'share-link' — the account page links to /export/?sessionid=<the session key>: the server
//   itself puts the id into a URL (SG-URL, leaked).
// Both: the sessionid cookie is HttpOnly, SameSite=Lax, browser-session lifetime, over http.
import { fileURLToPath } from 'node:url'
import { answers200, startChildServer } from '../child-server.js'
import { DEBIAN_PYTHON } from './django-sessions.js'
import { scanConfig } from './config.js'
import type { TargetApp } from './types.js'
import { ACCOUNTS } from './users.js'

export async function startDjangoAuthApp(opts: { mode: 'plain' | 'share-link' }): Promise<TargetApp> {
  const script = fileURLToPath(new URL('./django/auth_app.py', import.meta.url))
  const server = await startChildServer({
    what: 'django auth app',
    command: DEBIAN_PYTHON,
    args: (port) => [script, String(port), opts.mode],
    ready: answers200('/'),
    timeoutMs: 30_000,
  })
  const url = server.url
  return {
    name: `django-auth-${opts.mode}`,
    url,
    config: scanConfig(
      url,
      { page: '/accounts/login/', url: '/accounts/login/', type: 'form', check: { url: '/account/' } },
      { url: '/accounts/logout/', method: 'POST' },
    ),
    accounts: ACCOUNTS.map((a) => ({ ...a })),
    close: () => server.stop(),
  }
}
