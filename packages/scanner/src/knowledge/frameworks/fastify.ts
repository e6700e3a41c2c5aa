import type { FrameworkAdvice } from './types.js'

export const fastify: FrameworkAdvice = {
  rotate: {
    text:
      'With @fastify/session, await request.session.regenerate() after the password check and before storing the user: ' +
      'the old record is destroyed in the store and a new id issued. Never create sessions from an id the client sent ' +
      '(no idGenerator that echoes a request value). Or register @sessionguard/session/fastify and call ' +
      'request.session.login(user.id), which rotates atomically.',
    snippet: [
      "fastify.post('/login', async (request, reply) => {",
      '  const user = await verify(request.body)',
      "  if (!user) return reply.code(401).send({ error: 'bad credentials' })",
      '  await request.session.regenerate()',
      "  request.session.set('userId', user.id)",
      "  return reply.redirect('/account')",
      '})',
    ].join('\n'),
  },
  logout: {
    text: 'await request.session.destroy() deletes the record from the store; then clear the cookie in the reply.',
    snippet: [
      "fastify.post('/logout', async (request, reply) => {",
      '  await request.session.destroy()',
      "  return reply.clearCookie('__Host-sid', { path: '/' }).redirect('/')",
      '})',
    ].join('\n'),
  },
  expiry: {
    text:
      'cookie.maxAge only sets the browser lifetime. Give the store a TTL, keep rolling enabled for an idle timeout and ' +
      'enforce an absolute limit yourself (a login timestamp in the session, checked in an onRequest hook). ' +
      '@sessionguard/session checks idle and absolute expiry on every read.',
  },
  url: {
    text:
      '@fastify/session reads the id only from its cookie; do not add hooks that take a session id from request.query ' +
      'or the path, and never write it into redirects.',
  },
  tokens: {
    text:
      "Keep the default idGenerator of @fastify/session. If you supply one, return crypto.randomBytes(32).toString('base64url'), " +
      'never a counter, a timestamp or a hash of them. The secret must be at least 32 random characters.',
  },
  cookies: {
    text:
      "Set cookieName with the __Host- prefix and cookie options secure, httpOnly, sameSite 'lax', path '/', no domain " +
      'and no maxAge for a browser-session cookie.',
    snippet: [
      'await fastify.register(fastifyCookie)',
      'await fastify.register(fastifySession, {',
      '  secret: process.env.SESSION_SECRET,',
      "  cookieName: '__Host-sid',",
      "  cookie: { secure: true, httpOnly: true, sameSite: 'lax', path: '/' },",
      '  saveUninitialized: false,',
      '})',
    ].join('\n'),
  },
  authz: {
    text:
      'Add a preHandler that answers 401 without a logged-in user, and fetch objects by owner and id together ' +
      '(the user id from the session in the key or query), answering 404 when nothing matches.',
    snippet: [
      "fastify.get('/orders/:id', { preHandler: requireUser }, async (request, reply) => {",
      "  const order = await orders.findOne({ id: request.params.id, ownerId: request.session.get('userId') })",
      '  return order ?? reply.code(404).send()',
      '})',
    ].join('\n'),
  },
  elevate: {
    text: 'When the code is verified (and when the user re-authenticates), await request.session.regenerate() before writing the completed factor or the elevation time into the session, and guard protected routes with a preHandler that checks the completed factor, not only the user id.',
    snippet:
      "fastify.post('/2fa', async (request, reply) => {\n  if (!verifyTotp(request.session.pendingUser, request.body.code)) return reply.code(401).send()\n  const user = request.session.pendingUser\n  await request.session.regenerate()\n  request.session.user = user\n  request.session.mfa = true\n  return reply.redirect('/account')\n})",
  },
}
