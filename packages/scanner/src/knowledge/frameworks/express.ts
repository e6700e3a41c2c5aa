import type { FrameworkAdvice } from './types.js'

export const express: FrameworkAdvice = {
  rotate: {
    text:
      'Call req.session.regenerate() after the password check and before storing the user in the session: ' +
      'express-session then destroys the old record in the store and issues a new id. Never build a session from an ' +
      'id the client sent (no custom genid or store key taken from a cookie, header or body). Or use ' +
      '@sessionguard/session, whose req.session.login() rotates atomically and never adopts an unknown id.',
    snippet: [
      "app.post('/login', async (req, res, next) => {",
      '  const user = await verify(req.body.email, req.body.password)',
      "  if (!user) return res.status(401).send('bad credentials')",
      '  req.session.regenerate((err) => {',
      '    if (err) return next(err)',
      '    req.session.userId = user.id',
      "    req.session.save((err) => (err ? next(err) : res.redirect('/account')))",
      '  })',
      '})',
    ].join('\n'),
  },
  logout: {
    text:
      'Call req.session.destroy() so the record is deleted from the store, then clear the cookie with the same name ' +
      'and options it was set with.',
    snippet: [
      "app.post('/logout', (req, res, next) => {",
      '  req.session.destroy((err) => {',
      '    if (err) return next(err)',
      "    res.clearCookie('__Host-sid', { path: '/', secure: true, httpOnly: true, sameSite: 'lax' }).redirect('/')",
      '  })',
      '})',
    ].join('\n'),
  },
  expiry: {
    text:
      'cookie.maxAge only tells the browser when to drop the cookie. Give the store a TTL, set rolling: true for an ' +
      'idle timeout, and check an absolute limit yourself (store the login time in the session and destroy it when ' +
      'too old). @sessionguard/session checks idle and absolute expiry on every read.',
    snippet: [
      'app.use((req, res, next) => {',
      '  if (req.session.loginAt && Date.now() - req.session.loginAt > 12 * 3600_000) return req.session.destroy(() => res.redirect("/login"))',
      '  next()',
      '})',
    ].join('\n'),
  },
  url: {
    text:
      'express-session reads the id only from its cookie; remove any middleware that copies a session id from ' +
      'req.query or a path segment into the cookie or the store, and never put req.sessionID into redirect URLs or links.',
  },
  tokens: {
    text:
      "Keep express-session's default id generator (24 random bytes from uid-safe). If you pass genid, return " +
      "crypto.randomBytes(32).toString('base64url'); never a counter, Date.now(), a hash of either or uuid v1. " +
      'The session secret must be long and random too.',
    snippet: "session({ genid: () => crypto.randomBytes(32).toString('base64url'), secret: process.env.SESSION_SECRET })",
  },
  cookies: {
    text:
      "Configure the cookie in the session options: httpOnly, secure, sameSite 'lax', path '/', no domain and no " +
      "maxAge for a browser-session cookie, and a __Host- name. Behind a TLS-terminating proxy set app.set('trust proxy', 1) " +
      'so secure cookies are sent.',
    snippet: [
      'app.use(session({',
      "  name: '__Host-sid',",
      '  secret: process.env.SESSION_SECRET,',
      '  resave: false,',
      '  saveUninitialized: false,',
      "  cookie: { httpOnly: true, secure: true, sameSite: 'lax', path: '/' },",
      '}))',
    ].join('\n'),
  },
  authz: {
    text:
      'Require a session on every object route (a middleware that answers 401 without req.session.userId), and look ' +
      "objects up by owner and id together so another user's id finds nothing; answer 404 rather than 403.",
    snippet: [
      "app.get('/orders/:id', requireUser, async (req, res) => {",
      '  const { Item } = await ddb.send(new GetItemCommand({ TableName: "orders",',
      '    Key: { userId: { S: req.session.userId }, orderId: { S: req.params.id } } }))',
      '  if (!Item) return res.sendStatus(404)',
      '  res.json(unmarshall(Item))',
      '})',
    ].join('\n'),
  },
  elevate: {
    text: 'After the code is verified, call req.session.regenerate() (with passport, req.login(user) again: passport 0.6+ regenerates the session) and only then set req.session.mfa = true; do the same after a step-up before recording the elevation. Protect pages with a middleware that requires the completed factor, not only req.user or req.isAuthenticated().',
    snippet:
      "app.post('/2fa', requireUser, (req, res, next) => {\n  if (!verifyTotp(req.user, req.body.code)) return res.status(401).end()\n  req.login(req.user, (err) => { // passport regenerates: new id, old session destroyed\n    if (err) return next(err)\n    req.session.mfa = true\n    req.session.save((e) => (e ? next(e) : res.redirect('/account')))\n  })\n})",
  },
}
