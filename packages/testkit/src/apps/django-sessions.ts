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
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { freePort, waitFor } from '../net.js'
import { scanConfig } from './config.js'
import type { TargetApp } from './types.js'
import { ACCOUNTS } from './users.js'

/** Debian's interpreter, where python3-django is installed (a pyenv python3 on PATH may lack it). */
export const DEBIAN_PYTHON = process.env.SG_PYTHON ?? '/usr/bin/python3'

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done()
    child.once('exit', () => done())
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 3000).unref()
  })
}

export async function startDjangoSessionsApp(opts: { mode: 'vulnerable' | 'fixed' }): Promise<TargetApp> {
  const script = fileURLToPath(new URL('./django/app.py', import.meta.url))
  for (let attempt = 0; ; attempt++) {
    const port = await freePort()
    const child = spawn(DEBIAN_PYTHON, [script, String(port), opts.mode], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)))
    const url = `http://127.0.0.1:${port}`
    try {
      await waitFor(
        async () => {
          try {
            return (await fetch(`${url}/`)).status === 200
          } catch {
            return false
          }
        },
        { timeoutMs: 20_000, what: 'django app', isDead: () => child.exitCode !== null },
      )
    } catch (err) {
      await stop(child)
      if (attempt === 0 && child.exitCode === null) continue
      throw new Error(`${(err as Error).message}\n${stderr}`)
    }
    return {
      name: `django-sessions-${opts.mode}`,
      url,
      config: scanConfig(
        url,
        { page: '/login', url: '/login', type: 'form', check: { url: '/account' } },
        { url: '/logout', method: 'POST' },
      ),
      accounts: ACCOUNTS.map((a) => ({ ...a })),
      close: () => stop(child),
    }
  }
}
