/**
 * Logs in and returns the cookie pair the browser would send. express-session + connect-dynamodb
 * sometimes answers the login before its session is readable (seen here on about 1 login in 5), so
 * a login is retried until the cookie authenticates; that only affects setup, never the measurement.
 */
export async function loginCookie(url: string): Promise<string> {
  let last = ''
  for (let attempt = 0; attempt < 10; attempt++) {
    const res = await fetch(`${url}/login`, { method: 'POST' })
    const cookie = res.headers.getSetCookie()[0]?.split(';')[0]
    if (!res.ok || !cookie) throw new Error(`login failed on ${url}: ${res.status}`)
    await new Promise((r) => setTimeout(r, 50))
    const check = await fetch(`${url}/me`, { headers: { cookie } })
    if (check.ok) return cookie
    last = `${check.status} ${await check.text()}`
  }
  throw new Error(`no login cookie authenticates on ${url}: ${last}`)
}
