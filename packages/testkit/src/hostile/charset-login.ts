// A login page that makes the scanner's browser post the typed password in every legacy charset and
// form encoding it can, and reflects what it received as base64 and hex (r23j H2, M1, M2). The page
// itself is windows-1251 with an urlencoded form; on submit, its script first copies the typed
// password into the form of each of its frames (each frame a page in another charset, or naming one
// in accept-charset, with its own enctype) and submits them all, then submits its own. Every post
// answers with the body it received in base64 and the password's bytes in hex. The session id is
// kept at login, so the scanner confirms SG-FIX-LOGIN and the login's exchanges are its evidence.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { startHostileApp, type HostileApp } from './app.js'

export interface CharsetFrame {
  /** The frame page's charset label as served (odd labels included), or none: windows-1252. */
  charset?: string
  enctype: 'application/x-www-form-urlencoded' | 'multipart/form-data' | 'text/plain'
  /** The form's accept-charset, naming another encoding than its page. */
  acceptCharset?: string
}

export const CHARSET_FRAMES: readonly CharsetFrame[] = [
  { charset: 'shift_jis', enctype: 'multipart/form-data' },
  { charset: 'euc-kr', enctype: 'text/plain' },
  { charset: 'big5', enctype: 'multipart/form-data' },
  { charset: 'iso-2022-jp', enctype: 'application/x-www-form-urlencoded' },
  { charset: 'iso-2022-jp', enctype: 'multipart/form-data' },
  { charset: 'gb18030', enctype: 'text/plain' },
  { charset: 'gbk', enctype: 'application/x-www-form-urlencoded' },
  { charset: 'windows-1251', enctype: 'multipart/form-data' },
  { charset: 'csshiftjis', enctype: 'application/x-www-form-urlencoded' },
  { charset: 'x-user-defined', enctype: 'multipart/form-data' },
  { enctype: 'multipart/form-data', acceptCharset: 'koi8-u' },
  { charset: 'euc-jp', enctype: 'text/plain', acceptCharset: 'x-sjis' },
]

/** Letters from several scripts, each some charset's odd case (十 Big5, ¥ and − Shift_JIS, 똠 EUC-KR's extension, ў KOI8-U, € gb18030), around an ASCII run a test can look for. */
export const CHARSET_ACCOUNT = { username: 'alice', password: 'Zq7Vx-Horse-Пароль-ў十¥똠€−9' } as const

export interface CharsetLogin {
  url: string
  config: Record<string, unknown>
  app: HostileApp
  close(): Promise<void>
}

function loginPage(): string {
  const frames = CHARSET_FRAMES.map((_, i) => `<iframe name="f${i}" src="/frame/${i}"></iframe>`).join('')
  return `<!doctype html><html><head><meta charset="windows-1251"><title>Sign in</title></head><body>
<form id="main" method="post" action="/login"><input name="username"><input type="password" name="password"><button type="submit">Sign in</button></form>
${frames}
<script>
document.getElementById('main').addEventListener('submit', (e) => {
  e.preventDefault()
  const main = e.target
  const frames = Array.from(document.querySelectorAll('iframe'))
  let left = frames.length
  for (const f of frames) {
    f.addEventListener('load', () => { if (--left === 0) main.submit() }, { once: true })
    const form = f.contentDocument.forms[0]
    form.elements.password.value = main.elements.password.value
    form.submit()
  }
})
</script></body></html>`
}

function framePage(frame: CharsetFrame, i: number): string {
  const accept = frame.acceptCharset ? ` accept-charset="${frame.acceptCharset}"` : ''
  return `<!doctype html><html><body><form method="post" action="/login?frame=${i}" enctype="${frame.enctype}"${accept}><input name="username" value="alice"><input type="password" name="password"></form></body></html>`
}

/** The password's bytes in a body of any of the three enctypes (what the target would decode and keep). */
export function passwordBytes(body: Buffer, contentType: string): Buffer | undefined {
  const text = body.toString('latin1')
  if (contentType.startsWith('multipart/form-data')) {
    const m = /name="password"\r\n\r\n([\s\S]*?)\r\n--/.exec(text)
    return m ? Buffer.from(m[1]!, 'latin1') : undefined
  }
  if (contentType.startsWith('text/plain')) {
    const m = /(?:^|\r\n)password=([\s\S]*?)\r\n/.exec(text)
    return m ? Buffer.from(m[1]!, 'latin1') : undefined
  }
  const m = /(?:^|&)password=([^&]*)/.exec(text)
  if (!m) return undefined
  return Buffer.from(
    m[1]!.replace(/\+/g, ' ').replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  )
}

export async function startCharsetLogin(): Promise<CharsetLogin> {
  const loggedIn = new Set<string>()
  const sidOf = (req: IncomingMessage): string | undefined => /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
  const app = await startHostileApp((req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://x')
    let sid = sidOf(req)
    if (url.pathname === '/login' && req.method === 'GET') {
      if (!sid) {
        sid = randomBytes(18).toString('base64url')
        res.setHeader('set-cookie', `sid=${sid}; Path=/`)
      }
      res.setHeader('content-type', 'text/html; charset=windows-1251')
      return void res.end(loginPage())
    }
    const frame = /^\/frame\/(\d+)$/.exec(url.pathname)
    if (frame && CHARSET_FRAMES[Number(frame[1])]) {
      const f = CHARSET_FRAMES[Number(frame[1])]!
      res.setHeader('content-type', f.charset ? `text/html; charset=${f.charset}` : 'text/html')
      return void res.end(framePage(f, Number(frame[1])))
    }
    if (url.pathname === '/login' && req.method === 'POST') {
      const raw = Buffer.from(body, 'latin1')
      const pw = passwordBytes(raw, String(req.headers['content-type'] ?? ''))
      if (url.searchParams.has('frame')) {
        // what the target received, reflected: the whole body in base64, the password's bytes in hex
        res.setHeader('content-type', 'text/html')
        return void res.end(`<p>${raw.toString('base64')}</p><p>${pw?.toString('hex') ?? ''}</p>`)
      }
      // any password: the test reads what arrived (the bytes Chromium chose) from the recorded requests
      if (!sid) {
        sid = randomBytes(18).toString('base64url')
        res.setHeader('set-cookie', `sid=${sid}; Path=/`)
      }
      loggedIn.add(sid)
      return void res.writeHead(303, { location: '/account' }).end()
    }
    if (url.pathname === '/account') {
      if (!sid || !loggedIn.has(sid)) return void res.writeHead(302, { location: '/login' }).end()
      res.setHeader('content-type', 'text/html; charset=utf-8')
      return void res.end('<!doctype html><html><body><p>Signed in as alice</p></body></html>')
    }
    if (url.pathname === '/logout') {
      if (sid) loggedIn.delete(sid)
      return void res.writeHead(303, { location: '/login' }).end()
    }
    res.writeHead(404).end()
  })
  return {
    url: app.url,
    app,
    config: {
      target: app.url,
      login: {
        type: 'browser',
        page: '/login',
        credentials: { ...CHARSET_ACCOUNT },
        check: { url: '/account', contains: 'Signed in as alice' },
      },
      logout: { url: '/logout', method: 'GET' },
      scope: { timeout: '10s', budget: '3m' },
    },
    close: () => app.close(),
  }
}
