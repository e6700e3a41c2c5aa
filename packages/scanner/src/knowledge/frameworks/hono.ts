import type { FrameworkAdvice } from './types.js'

export const hono: FrameworkAdvice = {
  rotate: {
    text:
      'Use the Hono adapter of @sessionguard/session: app.use(honoSessions({ sessions })) and, after the password ' +
      "check, await c.get('session').login(user.id). The id is replaced atomically at login, the pre-login id is " +
      'dead, and an id the client invented is never adopted. With a hand-rolled session, issue a new server-generated ' +
      'id at login and delete the old record in the same step.',
    snippet: [
      "import { createSessionManager, DynamoDBStore } from '@sessionguard/session'",
      "import { honoSessions, type SessionEnv } from '@sessionguard/session/hono'",
      '',
      'const sessions = createSessionManager({ store: new DynamoDBStore({ client, tableName }) })',
      'const app = new Hono<SessionEnv>()',
      'app.use(honoSessions({ sessions }))',
      "app.post('/login', async (c) => {",
      '  const user = await verify(await c.req.json())',
      "  if (!user) return c.text('bad credentials', 401)",
      "  await c.get('session').login(user.id)",
      "  return c.redirect('/account')",
      '})',
    ].join('\n'),
  },
  logout: {
    text: "await c.get('session').logout() deletes the session on the server and clears the cookie; sessions.revokeUser(userId) ends every session of a user.",
    snippet: ["app.post('/logout', async (c) => {", "  await c.get('session').logout()", "  return c.redirect('/')", '})'].join('\n'),
  },
  expiry: {
    text:
      "Set idleTimeout and absoluteTimeout in createSessionManager (e.g. '30m' and '12h'); both are checked on every " +
      'read. A signed cookie from hono/cookie alone has no server-side expiry: keep session state on the server.',
  },
  url: {
    text: 'Take the session only from the cookie: never read an id from c.req.query() or a path parameter, and keep it out of redirects.',
  },
  tokens: {
    text: '@sessionguard/session issues 256-bit ids from crypto.randomBytes; a hand-rolled id must come from crypto.getRandomValues, never Math.random or a counter.',
  },
  cookies: {
    text:
      '@sessionguard/session sets __Host-sid with Secure, HttpOnly and SameSite=Lax by default; keep cookie.secure on ' +
      "outside local development. With hono/cookie use setCookie(c, name, id, { prefix: 'host', httpOnly: true, sameSite: 'Lax', path: '/' }).",
  },
  authz: {
    text:
      "Guard routes with a middleware that answers 401 when c.get('session').userId is missing, and query objects by " +
      'owner and id together, answering 404 when nothing matches.',
    snippet: [
      "app.get('/orders/:id', requireUser, async (c) => {",
      "  const order = await orders.findOne({ id: c.req.param('id'), ownerId: c.get('session').userId })",
      '  return order ? c.json(order) : c.notFound()',
      '})',
    ].join('\n'),
  },
  elevate: {
    text: 'Rotate the session when the second factor succeeds and at re-authentication: delete the half-authenticated record, issue a new random id, then record the completed factor; a middleware on protected routes requires it. Sessions on @sessionguard/session rotate with login(); call it again once the factor is verified.',
    snippet:
      "app.post('/2fa', async (c) => {\n  const s = getSession(c)\n  if (!verifyTotp(s.data.pendingUser, (await c.req.parseBody()).code)) return c.body(null, 401)\n  await s.login(s.data.pendingUser) // new id, the half-authenticated one deleted\n  return c.redirect('/account')\n})",
  },
}
