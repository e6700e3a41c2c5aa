// r23y Y-M1, Y-M2, Y-M3, Y-M9: a target reflects the password it was sent in the forms the last review
// found legible but unmasked: letter-like separators between its letters, marks on each of its
// characters, a short passphrase with '&nbsp;' or a JSON '\n' between its words, and the password in
// Unicode tag characters and mathematical letters. A real scan of a loopback app, every report format
// rendered: none may hold a reflected form, nor anything the redactor still reads as the password.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { FORMATS, render, scan } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'
import { Redactor } from '../../src/http/redact.js'

/** `s` with each printable ASCII character as its tag character (U+E0000 + its code); the others as they are. */
const tag = (s: string): string => [...s].map((c) => (/[\x20-\x7e]/.test(c) ? String.fromCodePoint(0xe0000 + c.charCodeAt(0)) : c)).join('')
const bold = (s: string): string =>
  [...s]
    .map((c) =>
      /[A-Z]/.test(c)
        ? String.fromCodePoint(0x1d400 + c.charCodeAt(0) - 65)
        : /[a-z]/.test(c)
          ? String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97)
          : c,
    )
    .join('')

/**
 * The reflections of `password` the review found in clear, each as the page writes it: for a password
 * of SKELETON_MIN letters and digits or more, letters that spell nothing and marks between its
 * characters (a shorter one is outside that reading, a limit the docs name); for any, escaped spaces
 * between its words, tag characters and mathematical letters.
 */
function reflections(password: string): string[] {
  const chars = [...password]
  const words = password.split(' ')
  const long = password.replace(/[^\p{L}\p{N}]/gu, '').length >= 8
  return [
    ...(long
      ? [
          chars.join('\u02bc'),
          chars.join('\u0640'),
          chars.join('\u3005'),
          chars.map((c) => c + '\u0332').join(''),
          chars.map((c) => c + '\u0301').join(''),
          [...password.toLocaleUpperCase('tr')].join(' '),
        ]
      : []),
    words.join('&nbsp;'),
    JSON.stringify(words.join('\n')).slice(1, -1),
    tag(password),
    bold(password),
  ]
}

async function scanReflecting(password: string): Promise<{ texts: Map<string, string>; forms: string[] }> {
  const forms = reflections(password)
  const sessions = new Set<string>()
  const app = await startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    res.setHeader('content-type', 'text/html; charset=utf-8')
    const page = `<ul>${forms.map((f) => `<li>${f}</li>`).join('')}</ul>`
    if (url.pathname === '/login' && req.method === 'POST') {
      const f = new URLSearchParams(body)
      if (f.get('username') !== 'alice' || f.get('password') !== password) {
        res.writeHead(401)
        res.end(page)
        return
      }
      const id = randomBytes(24).toString('base64url')
      sessions.add(id)
      res.writeHead(303, { location: '/account', 'set-cookie': `sid=${id}; Path=/; HttpOnly` })
      res.end()
      return
    }
    const sid = /sid=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '')?.[1]
    if (url.pathname === '/account' && sid && sessions.has(sid)) {
      res.end(`<p>Welcome alice</p>${page}`)
      return
    }
    if (url.pathname === '/logout') {
      if (sid) sessions.delete(sid)
      res.end('<p>bye</p>')
      return
    }
    res.end(`<form method="post" action="/login"><input name="username"><input type="password" name="password"></form>${page}`)
  })
  try {
    const report = await scan(
      {
        target: app.url,
        login: {
          type: 'form',
          url: '/login',
          credentials: { username: 'alice', password },
          check: { url: '/account', contains: 'Welcome' },
        },
        logout: { url: '/logout', method: 'POST' },
        scope: { timeout: 5000 },
      },
      { traffic: true },
    )
    const texts = new Map(FORMATS.map((f) => [f, render(report, f, { color: false })] as const))
    return { texts, forms }
  } finally {
    await app.close()
  }
}

for (const password of ['Grüße-Pässwort-7', 'ab cd']) {
  test(`every report format is clean of the reflections of ${JSON.stringify(password)} in the reviewed readings (r23y Y-M1, Y-M2, Y-M3, Y-M9)`, async () => {
    const { texts, forms } = await scanReflecting(password)
    const oracle = new Redactor()
    oracle.addPassword(password)
    const leaks: string[] = []
    for (const [format, text] of texts) {
      for (const form of forms) if (text.includes(form)) leaks.push(`${JSON.stringify(form)} in ${format}`)
      if (oracle.check(text) !== 'clean') leaks.push(`a reading of the password in ${format}`)
    }
    assert.deepEqual(leaks, [])
    // the reflections reached the report, masked
    assert.match(texts.get('json')!, /\*{8}/)
  })
}
