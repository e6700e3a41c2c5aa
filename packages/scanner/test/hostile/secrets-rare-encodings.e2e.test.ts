// Attack review r23: a hostile target reflects the password, the session id and the credentials of the
// supplied headers in encodings the redactor did not know: HTML names beyond ASCII (&uuml;, legacy ones
// without ';'), numeric references with leading zeros or in windows-1252 (&#128; draws €), JavaScript's
// escape() (%uXXXX), quoted-printable (every byte as =XX, soft line breaks), punycode in a redirect's host, full-width letters,
// decomposed accents; and a Bearer token or a Basic password without its scheme. No format of the
// report (its whole traffic included) may carry any of them.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { domainToASCII } from 'node:url'
import { FORMATS, render, scan } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'

const PASSWORD = 'Grüße€Ω-Pass7'
const TOKEN = 'tok_9f8e7d6c5b4a3921'
const BASIC_PASSWORD = 'Basic-Pw-0815'
const SID = 'a3f9c2e1b7d84f60a3f9c2e1b7d84f60'

const NAMED: Record<string, string> = { ü: '&uuml;', ß: '&szlig;', '€': '&euro;', Ω: '&Omega;' }
const code = (c: string): number => c.codePointAt(0)!

/** What a careless or hostile page writes, each form written here independently of the redactor. */
function rareForms(secret: string): Record<string, string> {
  const bytes = Buffer.from(secret, 'utf8')
  return {
    'HTML names': [...secret].map((c) => NAMED[c] ?? c).join(''),
    'legacy names without ;': [...secret].map((c) => (c === 'ü' || c === 'ß' ? NAMED[c]!.slice(0, -1) : (NAMED[c] ?? c))).join(''),
    'decimal references with leading zeros': [...secret].map((c) => `&#00000000${code(c)};`).join(''),
    'hex references with leading zeros': [...secret].map((c) => `&#x00000000${code(c).toString(16)};`).join(''),
    '&#128; for €': [...secret].map((c) => (c === '€' ? '&#128;' : code(c) > 127 ? `&#${code(c)};` : c)).join(''),
    "escape()'s %uXXXX": [...secret]
      .map((c) =>
        /[A-Za-z0-9@*_+\-./]/.test(c)
          ? c
          : code(c) < 256
            ? `%${code(c).toString(16).toUpperCase()}`
            : `%u${code(c).toString(16).toUpperCase().padStart(4, '0')}`,
      )
      .join(''),
    'quoted-printable': [...bytes]
      .map((b) => (b > 32 && b < 127 && b !== 61 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase()}`))
      .join(''),
    // valid quoted-printable too: every byte as =XX (in lower case here), and soft line breaks between the bytes
    'quoted-printable, every byte': [...bytes].map((b) => `=${b.toString(16).padStart(2, '0')}`).join(''),
    'quoted-printable, soft line breaks': [...bytes]
      .map(
        (b, i) =>
          `${i > 0 && i % 3 === 0 ? '=\r\n' : ''}${b > 32 && b < 127 && b !== 61 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase()}`}`,
      )
      .join(''),
    punycode: domainToASCII(secret),
  }
}

/** Forms that are not Latin-1 travel in the body only. */
function bodyForms(secret: string): Record<string, string> {
  return {
    'full-width letters': [...secret].map((c) => (/[!-~]/.test(c) ? String.fromCharCode(code(c) + 0xfee0) : c)).join(''),
    'decomposed accents': secret.normalize('NFD'),
  }
}

async function startRareReflector(): Promise<Awaited<ReturnType<typeof startHostileApp>>> {
  let password = ''
  return startHostileApp((req, res, body) => {
    if (req.method === 'POST' && req.url === '/login') password = new URLSearchParams(body).get('password') ?? password
    const auth = String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '')
    const basic = Buffer.from(String(req.headers['x-service-auth'] ?? '').replace(/^Basic\s+/i, ''), 'base64')
      .toString('utf8')
      .split(':')[1]
    const sid = /sid=([^;]+)/.exec(String(req.headers.cookie ?? ''))?.[1] ?? ''
    const forms = [...Object.values(rareForms(password)), ...Object.values(rareForms(sid.toUpperCase())), auth, basic ?? '']
    // headers reach the report whole; what a header cannot carry goes first in the body (its excerpt is 600 characters)
    forms.filter((f) => /^[\x20-\x7e]*$/.test(f)).forEach((f, i) => res.setHeader(`x-r-${i}`, f))
    const inBody = [...Object.values(bodyForms(password)), ...forms.filter((f) => !/^[\x20-\x7e]*$/.test(f)), auth, basic ?? ''].join(' | ')
    if (req.method === 'POST' && req.url === '/login') {
      res.writeHead(303, {
        location: `http://${domainToASCII(password) || 'x'}.invalid/`,
        'set-cookie': `sid=${SID}; Path=/`,
      })
      return void res.end()
    }
    res.setHeader('content-type', 'text/html; charset=utf-8')
    if (req.url === '/account') {
      if (!String(req.headers.cookie ?? '').includes(`sid=${SID}`)) return void res.writeHead(302, { location: '/login' }).end()
      // the password's bytes in windows-1252 and UTF-16LE, in a body the engine reads as UTF-8
      const cp1252 = Buffer.from([...password].map((c) => (c === '€' ? 0x80 : c === 'Ω' ? 0x3f : code(c))))
      return void res.end(
        Buffer.concat([cp1252, Buffer.from(' | '), Buffer.from(password, 'utf16le'), Buffer.from(`<p>${inBody}</p><p>Welcome alice</p>`)]),
      )
    }
    res.end(`<p>${inBody}</p><form method="post" action="/login"><input name="username"><input type="password" name="password"></form>`)
  })
}

test('a password, a session id and header credentials reflected in rare encodings reach no format of the report', async () => {
  const app = await startRareReflector()
  try {
    const config = {
      target: app.url,
      login: { url: '/login', credentials: { username: 'alice', password: PASSWORD }, check: { url: '/account' } },
      request: {
        headers: {
          Authorization: `Bearer ${TOKEN}`,
          'X-Service-Auth': `Basic ${Buffer.from(`svc:${BASIC_PASSWORD}`).toString('base64')}`,
        },
      },
      scope: { timeout: '3s', budget: '60s' },
    }
    const report = await scan(config as Parameters<typeof scan>[0], { traffic: true })
    const posted = app.requests.find((r) => r.method === 'POST' && r.url === '/login')
    assert.ok(posted, 'the scanner logged in')
    const reflected = app.requests.length
    assert.ok(reflected > 3, 'the target answered (and reflected) more than the login')
    const outputs: Record<string, string> = Object.fromEntries(FORMATS.map((f) => [f, render(report, f, { color: false })]))
    const wanted: Record<string, string> = {
      ...rareForms(PASSWORD),
      ...bodyForms(PASSWORD),
      ...Object.fromEntries(Object.entries(rareForms(SID.toUpperCase())).map(([k, v]) => [`session id, ${k}`, v])),
      'windows-1252 bytes read as UTF-8': Buffer.from([...PASSWORD].map((c) => (c === '€' ? 0x80 : c === 'Ω' ? 0x3f : code(c)))).toString(
        'utf8',
      ),
      'UTF-16LE bytes read as UTF-8': Buffer.from(PASSWORD, 'utf16le').toString('utf8'),
      'Bearer token without its scheme': TOKEN,
      'Basic password without its user': BASIC_PASSWORD,
    }
    const leaks: string[] = []
    for (const [format, text] of Object.entries(outputs))
      for (const [name, form] of Object.entries(wanted))
        if (form.length >= 6 && (text.includes(form) || text.includes(JSON.stringify(form).slice(1, -1))))
          leaks.push(`${name} (${form}) in ${format}`)
    assert.deepEqual(leaks, [])
    // the reflections are in the report (masked), so the test looked where they are
    assert.match(outputs.json!, /x-r-0/, 'the reflecting headers are in the report')
  } finally {
    await app.close()
  }
})
