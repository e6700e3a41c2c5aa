import { escapeHtml } from './http.js'

/** The HTML login form most of the apps serve (username/password plus optional hidden fields). */
export function loginFormHtml(opts: { action: string; hidden?: Record<string, string>; error?: string; title?: string }): string {
  const hidden = Object.entries(opts.hidden ?? {})
    .map(([k, v]) => `  <input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n')
  return [
    `<h1>${escapeHtml(opts.title ?? 'Sign in')}</h1>`,
    opts.error ? `<p class="error">${escapeHtml(opts.error)}</p>` : '',
    `<form method="post" action="${escapeHtml(opts.action)}">`,
    hidden,
    '  <label>Username <input type="text" name="username" autocomplete="username"></label>',
    '  <label>Password <input type="password" name="password" autocomplete="current-password"></label>',
    '  <button type="submit">Sign in</button>',
    '</form>',
  ]
    .filter(Boolean)
    .join('\n')
}

export function accountHtml(user: string, logoutAction: string): string {
  return [
    `<h1>Account</h1>`,
    `<p>Welcome ${escapeHtml(user)}</p>`,
    `<form method="post" action="${escapeHtml(logoutAction)}"><button type="submit">Sign out</button></form>`,
  ].join('\n')
}
