import type { FrameworkAdvice } from './types.js'

export const nestjs: FrameworkAdvice = {
  rotate: {
    text:
      'NestJS sessions are express-session (or @fastify/session) underneath. In the login handler, after the ' +
      'credentials are verified (for Passport, in the controller after the local guard ran), call ' +
      'req.session.regenerate() and only then store the user; with Passport 0.6+ req.logIn() regenerates for you, so ' +
      'make sure login goes through it. Never create a session from an id the client sent.',
    snippet: [
      "@Post('login')",
      "@UseGuards(AuthGuard('local'))",
      'async login(@Req() req: Request) {',
      '  // passport >= 0.6: req.logIn regenerates the session before storing the user',
      '  await new Promise<void>((ok, fail) => req.logIn(req.user!, (err) => (err ? fail(err) : ok())))',
      '  return { ok: true }',
      '}',
    ].join('\n'),
  },
  logout: {
    text:
      'Call req.logout() (Passport) and req.session.destroy() so the record is deleted from the store, then clear the ' +
      'cookie with the options it was set with.',
    snippet: [
      "@Post('logout')",
      'async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {',
      '  await new Promise<void>((ok, fail) => req.logout((err) => (err ? fail(err) : ok())))',
      '  await new Promise<void>((ok) => req.session.destroy(() => ok()))',
      "  res.clearCookie('__Host-sid', { path: '/', secure: true, httpOnly: true, sameSite: 'lax' })",
      '}',
    ].join('\n'),
  },
  expiry: {
    text:
      'In the express-session options (main.ts) set cookie.maxAge with rolling: true for an idle timeout and a store ' +
      'TTL; enforce an absolute lifetime with a login timestamp checked in a guard.',
  },
  url: {
    text: 'express-session reads the id only from its cookie; do not add middleware or guards that take a session id from the query string or path.',
  },
  tokens: {
    text: "Keep express-session's default genid (uid-safe, 24 random bytes) or use crypto.randomBytes(32); the secret must be long and random.",
  },
  cookies: {
    text: "Configure the session middleware in main.ts with a __Host- cookie name and secure, httpOnly, sameSite 'lax'; behind a proxy call app.set('trust proxy', 1).",
    snippet: [
      'app.use(session({',
      "  name: '__Host-sid',",
      '  secret: process.env.SESSION_SECRET,',
      '  resave: false,',
      '  saveUninitialized: false,',
      "  cookie: { secure: true, httpOnly: true, sameSite: 'lax', path: '/' },",
      '}))',
    ].join('\n'),
  },
  authz: {
    text:
      'Protect controllers with a guard that requires a logged-in user, and look objects up by owner and id together ' +
      'in the service, throwing NotFoundException when nothing matches.',
    snippet: [
      "@Get('orders/:id')",
      '@UseGuards(AuthenticatedGuard)',
      "findOne(@Param('id') id: string, @Req() req: Request) {",
      '  return this.orders.findOneOwned(id, req.user!.id) // throws NotFoundException for another owner',
      '}',
    ].join('\n'),
  },
  elevate: {
    text: 'Nest runs on express-session (or @fastify/session): in the controller that verifies the code and in the re-authentication handler, regenerate the session (req.session.regenerate / await request.session.regenerate()) before storing the completed factor, and use a guard that requires it on protected routes.',
    snippet:
      "@Post('2fa')\nasync verify(@Req() req: Request, @Body('code') code: string) {\n  if (!this.totp.verify(req.session.pendingUser, code)) throw new UnauthorizedException()\n  const user = req.session.pendingUser\n  await new Promise<void>((ok, fail) => req.session.regenerate((e) => (e ? fail(e) : ok())))\n  req.session.user = user\n  req.session.mfa = true\n}",
  },
}
