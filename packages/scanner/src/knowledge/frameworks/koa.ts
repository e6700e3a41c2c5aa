import type { FrameworkAdvice } from './types.js'

export const koa: FrameworkAdvice = {
  rotate: {
    text:
      'With koa-session and an external store, call await ctx.regenerateSession() after the password check and before ' +
      'writing the user into ctx.session: the old external key is dropped and a new one issued. Never build the store ' +
      'key from anything the client sent (no genid or externalKey.get reading a header or body). Keep app.keys secret ' +
      'and signed: true so a forged koa.sess cookie is refused.',
    snippet: [
      "router.post('/login', async (ctx) => {",
      '  const user = await verify(ctx.request.body)',
      "  if (!user) ctx.throw(401, 'bad credentials')",
      '  await ctx.regenerateSession()',
      '  ctx.session.userId = user.id',
      "  ctx.redirect('/account')",
      '})',
    ].join('\n'),
  },
  logout: {
    text:
      'Set ctx.session = null: koa-session then deletes the record from the external store and expires the cookie. ' +
      'With the default cookie store (the data lives in the cookie), a copied cookie stays valid until it expires: ' +
      'use an external store when logout must end the session everywhere.',
    snippet: ["router.post('/logout', async (ctx) => {", '  ctx.session = null', "  ctx.redirect('/')", '})'].join('\n'),
  },
  expiry: {
    text:
      'maxAge sets both the cookie lifetime and the store TTL; rolling: true (or renew: true) gives an idle timeout. ' +
      'Store a login timestamp in the session and reject it past your absolute limit in a middleware before the routes.',
  },
  url: {
    text:
      'koa-session reads the key only from its cookie; do not add middleware that copies an id from ctx.query or the ' +
      'path into the session, and keep ids out of redirects.',
  },
  tokens: {
    text:
      "Keep koa-session's default genid (a random UUID) or return crypto.randomBytes(32).toString('base64url'); never " +
      'a counter, a time or a hash of them. app.keys must be long random secrets.',
  },
  cookies: {
    text:
      "Name the cookie with the __Host- prefix and set secure, httpOnly, sameSite 'lax' and signed; behind a TLS proxy " +
      'set app.proxy = true so secure cookies are sent.',
    snippet: [
      'app.keys = [process.env.SESSION_KEY]',
      'app.proxy = true',
      "app.use(session({ key: '__Host-sid', httpOnly: true, secure: true, sameSite: 'lax', signed: true, store }, app))",
    ].join('\n'),
  },
  authz: {
    text:
      'Answer 401 in a middleware when ctx.session.userId is missing, and load objects by owner and id together, ' +
      'answering 404 when nothing matches.',
    snippet: [
      "router.get('/orders/:id', requireUser, async (ctx) => {",
      '  const order = await orders.findOne({ id: ctx.params.id, ownerId: ctx.session.userId })',
      '  if (!order) ctx.throw(404)',
      '  ctx.body = order',
      '})',
    ].join('\n'),
  },
  elevate: {
    text: "When the second factor succeeds (and at re-authentication), drop the half-authenticated session (ctx.session = null, or regenerate with your store's helper) and start a new one holding the completed factor; require that factor in the middleware guarding protected routes.",
    snippet:
      "router.post('/2fa', async (ctx) => {\n  const user = ctx.session.pendingUser\n  if (!verifyTotp(user, ctx.request.body.code)) ctx.throw(401)\n  ctx.session = null               // the half-authenticated session is gone\n  ctx.session = { user, mfa: true } // a new one, under a new id with an external store\n  ctx.redirect('/account')\n})",
  },
}
