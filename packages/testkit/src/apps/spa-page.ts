// The one HTML page of the single-page test apps: nothing but a script, which renders the login form,
// posts it with fetch, and shows the logged-in view. A scanner that only reads HTML finds no form here.

export interface SpaOptions {
  /** 'cookie': the server keeps the session in a cookie; 'token': the page keeps a bearer token in localStorage. */
  mode: 'cookie' | 'token'
}

const SCRIPT = (mode: 'cookie' | 'token') => `
const TOKEN = 'auth_token'
const app = document.getElementById('app')
const auth = () => (${mode === 'token'} && localStorage.getItem(TOKEN) ? { authorization: 'Bearer ' + localStorage.getItem(TOKEN) } : {})
function el(tag, attrs, ...kids) { const e = document.createElement(tag); Object.assign(e, attrs || {}); for (const k of kids) e.append(k); return e }
function showStart() {
  // the cookie app opens on its form, the token app behind a button (its config has steps)
  if (${mode === 'cookie'}) return showLogin()
  app.replaceChildren(el('h1', {}, 'Notes'), el('button', { id: 'open-login', type: 'button', textContent: 'Sign in', onclick: showLogin }))
}
function showLogin() {
  const form = el('form', { id: 'login' },
    el('label', {}, 'Email ', el('input', { id: 'email', name: 'email', type: 'text', autocomplete: 'username' })),
    el('label', {}, ' Password ', el('input', { id: 'password', name: 'password', type: 'password' })),
    el('button', { type: 'submit', textContent: 'Log in' }),
    el('p', { id: 'error' }))
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault()
    const res = await fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: form.email.value, password: form.password.value }) })
    if (!res.ok) { form.querySelector('#error').textContent = 'Wrong email or password'; return }
    const body = await res.json()
    if (${mode === 'token'}) localStorage.setItem(TOKEN, body.token)
    history.pushState({}, '', '/dashboard')
    await showHome()
  })
  app.replaceChildren(form)
}
async function showHome() {
  const res = await fetch('/api/me', { headers: auth() })
  if (!res.ok) { if (location.pathname !== '/') history.replaceState({}, '', '/'); return showStart() }
  const me = await res.json()
  app.replaceChildren(el('h1', {}, 'Notes'), el('p', { id: 'who', textContent: 'Signed in as ' + me.user }), el('button', { id: 'logout', type: 'button', textContent: 'Log out', onclick: async () => {
    await fetch('/api/logout', { method: 'POST', headers: auth() })
    localStorage.removeItem(TOKEN)
    history.pushState({}, '', '/')
    showStart()
  } }))
}
showHome()
`

export function spaPage(opts: SpaOptions): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Notes</title>
<link rel="stylesheet" href="http://fonts.analytics.invalid/notes.css">
</head><body><main id="app">Loading…</main>
<script>${SCRIPT(opts.mode)}</script>
</body></html>
`
}
