import type { FrameworkAdvice } from './types.js'

export const nextjs: FrameworkAdvice = {
  rotate: {
    text:
      'Let the session library issue the session at sign-in instead of keeping one from before: with NextAuth.js / ' +
      'Auth.js the session token is created by the sign-in callback (do not accept a token from a query parameter or ' +
      'a custom header in your own middleware); with iron-session call session.destroy() and then save a fresh session ' +
      'in the login route handler, so nothing from the anonymous session carries over.',
    snippet: [
      '// app/api/login/route.ts (iron-session)',
      'export async function POST(request: Request) {',
      '  const user = await verify(await request.json())',
      "  if (!user) return new Response('bad credentials', { status: 401 })",
      '  const session = await getIronSession<Data>(await cookies(), sessionOptions)',
      '  session.destroy()',
      '  session.userId = user.id',
      '  await session.save()',
      '  return Response.json({ ok: true })',
      '}',
    ].join('\n'),
  },
  logout: {
    text:
      "NextAuth.js: signOut() and the database session strategy (strategy: 'database') so the session row is deleted; " +
      'a JWT session cannot be revoked before it expires. iron-session: session.destroy(), and keep a server-side ' +
      'revocation list (or a per-user version number checked on read) if copied cookies must stop working at once.',
  },
  expiry: {
    text:
      'NextAuth.js: session.maxAge (absolute) and session.updateAge; iron-session: ttl in the session options plus a ' +
      'login timestamp checked on every request, since the sealed cookie carries its data with it.',
  },
  url: {
    text: 'Never put a session token into a URL (callbackUrl, redirects, search params); read it only from the cookie the library set.',
  },
  tokens: {
    text: 'Use a 32-byte random AUTH_SECRET / NEXTAUTH_SECRET or iron-session password (openssl rand -base64 32) and rotate it if it leaked; never derive it from something guessable.',
  },
  cookies: {
    text:
      'NextAuth.js sets __Secure-/__Host- prefixed cookies only over https (useSecureCookies); iron-session: cookieOptions ' +
      "{ secure: true, httpOnly: true, sameSite: 'lax', path: '/' } and a __Host- cookieName.",
    snippet: [
      'export const sessionOptions = {',
      '  password: process.env.SESSION_PASSWORD!,',
      "  cookieName: '__Host-session',",
      "  cookieOptions: { secure: true, httpOnly: true, sameSite: 'lax' as const, path: '/' },",
      '}',
    ].join('\n'),
  },
  authz: {
    text:
      'Check the session in every route handler and server action that returns data (middleware alone is not enough), ' +
      'and query by owner and id together, answering 404 when nothing matches.',
    snippet: [
      '// app/api/orders/[id]/route.ts',
      'export async function GET(_: Request, { params }: { params: Promise<{ id: string }> }) {',
      '  const session = await auth()',
      '  if (!session?.user?.id) return new Response(null, { status: 401 })',
      '  const order = await orders.findOne({ id: (await params).id, ownerId: session.user.id })',
      '  return order ? Response.json(order) : new Response(null, { status: 404 })',
      '}',
    ].join('\n'),
  },
  elevate: {
    text: 'In the route handler that verifies the code (and in the re-authentication handler), destroy the half-authenticated session and save a new one that records the completed factor (iron-session: session.destroy() then a new save; Auth.js: sign in again so a new token is issued); middleware for protected routes requires the factor.',
    snippet:
      "export async function POST(req: Request) {\n  const session = await getIronSession(cookies(), options)\n  if (!verifyTotp(session.pendingUser, (await req.formData()).get('code'))) return new Response(null, { status: 401 })\n  const user = session.pendingUser\n  session.destroy()\n  const fresh = await getIronSession(cookies(), options)\n  Object.assign(fresh, { user, mfa: true })\n  await fresh.save()\n}",
  },
}
