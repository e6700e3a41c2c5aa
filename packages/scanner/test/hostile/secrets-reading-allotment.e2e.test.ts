// r24y H1 and M2: a target hands out ids in three scripts other than the password's (plain `?sid=`
// text on its pages, learned as secrets) and gives digits-only cookie ids, so the operator's ASCII
// password was the rarest script set and lost the reading of its own scripts; its reflection with a
// Cyrillic letter between its letters was then in clear. The same pages reflect the password with its
// digits in Arabic-Indic digits. A real scan of a loopback app, every report format rendered.
import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { test } from 'node:test'
import { FORMATS, render, scan } from '@sessionguard/scanner'
import { startHostileApp } from '@sessionguard/testkit'
import { Redactor } from '../../src/http/redact.js'

const PASSWORD = 'Horse7Battery9'
const IDS = ['жзийклмнопрстуф', 'աբգդեզէըթժիլխծկհ', 'აბგდევზთიკლმნოპჟ'].flatMap((b) => [`${b}1`, `${b}2`])
const FORMS = [[...PASSWORD].join('ж'), 'Horse٧Battery٩', 'Horse७Battery९']

test("every report format is clean of the password beside a target's ids in three other scripts (r24y H1, M2)", async () => {
  const sessions = new Set<string>()
  const digits = (): string => Array.from({ length: 30 }, () => randomInt(10)).join('')
  const page = `<p>${IDS.map((v) => `/r?sid=${v}`).join(' ')}</p><ul>${FORMS.map((f) => `<li>${f}</li>`).join('')}</ul>`
  const app = await startHostileApp((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x')
    res.setHeader('content-type', 'text/html; charset=utf-8')
    const held = /sid=([0-9]+)/.exec(req.headers.cookie ?? '')?.[1]
    if (url.pathname === '/login' && req.method === 'POST') {
      const f = new URLSearchParams(body)
      if (f.get('username') !== 'alice' || f.get('password') !== PASSWORD) {
        res.writeHead(401)
        res.end(page)
        return
      }
      const id = digits()
      sessions.add(id)
      res.writeHead(303, { location: '/account', 'set-cookie': `sid=${id}; Path=/; HttpOnly` })
      res.end()
      return
    }
    if (url.pathname === '/account' && held && sessions.has(held)) {
      res.end(`<p>Welcome alice</p>${page}`)
      return
    }
    if (url.pathname === '/logout') {
      if (held) sessions.delete(held)
      res.end('<p>bye</p>')
      return
    }
    if (!held) res.setHeader('set-cookie', `sid=${digits()}; Path=/; HttpOnly`)
    res.end(`<form method="post" action="/login"><input name="username"><input type="password" name="password"></form>${page}`)
  })
  let texts: Map<string, string>
  try {
    const report = await scan(
      {
        target: app.url,
        login: {
          type: 'form',
          url: '/login',
          credentials: { username: 'alice', password: PASSWORD },
          check: { url: '/account', contains: 'Welcome' },
        },
        logout: { url: '/logout', method: 'POST' },
        scope: { timeout: 5000 },
      },
      { traffic: true },
    )
    texts = new Map(FORMATS.map((f) => [f, render(report, f, { color: false })] as const))
  } finally {
    await app.close()
  }
  const oracle = new Redactor()
  oracle.addPassword(PASSWORD)
  const leaks: string[] = []
  for (const [format, text] of texts) {
    for (const form of FORMS) if (text.includes(form)) leaks.push(`${JSON.stringify(form)} in ${format}`)
    if (/Hжoжrжsжe/.test(text)) leaks.push(`part of the reflection in ${format}`)
    if (oracle.check(text) !== 'clean') leaks.push(`a reading of the password in ${format}`)
  }
  assert.deepEqual(leaks, [])
  // the pages reached the report with the ids learned and the reflections masked
  assert.match(texts.get('json')!, /\*{8}/)
})
