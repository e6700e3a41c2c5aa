import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CHECK_IDS, type CheckId } from '../../src/model/finding.js'
import type { FrameworkId } from '../../src/model/report.js'
import { remediationFor, remediationTopic } from '../../src/checks/remediation.js'
import { FRAMEWORK_IDS } from '../../src/knowledge/frameworks/index.js'

const FRAMEWORKS: FrameworkId[] = [...FRAMEWORK_IDS]

test('every check has remediation for every framework, labelled with that framework', () => {
  for (const id of CHECK_IDS) {
    for (const fw of FRAMEWORKS) {
      const r = remediationFor(id, fw)
      assert.equal(r.framework, fw, `${id}/${fw}`)
      assert.ok(r.text.length > 60, `${id}/${fw} text too short`)
      if (r.snippet !== undefined) assert.ok(r.snippet.trim().length > 0, `${id}/${fw} empty snippet`)
    }
  }
})

test('remediation for one check differs between frameworks, and is never the generic text for a detected one', () => {
  for (const id of CHECK_IDS) {
    const texts = FRAMEWORKS.map((fw) => remediationFor(id, fw).text)
    assert.equal(new Set(texts).size, FRAMEWORKS.length, `${id}: two frameworks share the same text`)
  }
})

test('checks of one family share the framework advice but open with their own fix', () => {
  const adopt = remediationFor('SG-FIX-ADOPT', 'express').text
  const oldId = remediationFor('SG-FIX-OLDID', 'express').text
  assert.equal(remediationTopic('SG-FIX-ADOPT'), remediationTopic('SG-FIX-OLDID'))
  assert.notEqual(adopt, oldId)
  assert.match(adopt, /regenerate/)
  assert.match(oldId, /regenerate/)
})

// The real API names of each framework's fix, so the advice can be followed as written.
const FIXATION_API: Record<FrameworkId, RegExp> = {
  php: /session_regenerate_id\(true\)/,
  express: /req\.session\.regenerate\(/,
  fastify: /request\.session\.regenerate\(\)/,
  django: /cycle_key\(\)/,
  flask: /session_interface\.regenerate\(session\)/,
  rails: /reset_session/,
  spring: /changeSessionId\(\)/,
  aspnet: /SignInAsync/,
  fastapi: /secrets\.token_urlsafe\(32\)/,
  axum: /cycle_id\(\)/,
  koa: /await ctx\.regenerateSession\(\)/,
  hono: /honoSessions\(\{ sessions \}\)[\s\S]*c\.get\('session'\)\.login\(user\.id\)/,
  nestjs: /req\.session\.regenerate\(\)[\s\S]*req\.logIn\(/,
  nextjs: /session\.destroy\(\)[\s\S]*await session\.save\(\)/,
  generic: /CSPRNG/,
}

test("the JavaScript frameworks get their own libraries' advice", () => {
  const all = (fw: FrameworkId): string =>
    ['SG-FIX-LOGIN', 'SG-LOGOUT', 'SG-COOKIE-SECURE']
      .map((id) => {
        const r = remediationFor(id as CheckId, fw)
        return `${r.text}\n${r.snippet ?? ''}`
      })
      .join('\n')
  assert.match(all('hono'), /@sessionguard\/session\/hono/)
  assert.match(all('koa'), /koa-session/)
  assert.match(all('koa'), /ctx\.session = null/)
  assert.match(all('nestjs'), /express-session/)
  assert.match(all('nestjs'), /Passport/)
  assert.match(all('nextjs'), /NextAuth\.js/)
  assert.match(all('nextjs'), /iron-session/)
})

test("fixation advice names the framework's own rotation API", () => {
  for (const fw of FRAMEWORKS) {
    const r = remediationFor('SG-FIX-LOGIN', fw)
    assert.match(`${r.text}\n${r.snippet ?? ''}`, FIXATION_API[fw], fw)
  }
  assert.match(remediationFor('SG-FIX-ADOPT', 'php').text, /session\.use_strict_mode=1/)
  assert.match(remediationFor('SG-URL', 'spring').text + remediationFor('SG-URL', 'spring').snippet, /tracking-modes=cookie/)
  assert.match(remediationFor('SG-FIX-ADOPT', 'fastapi').text, /[Nn]ever take session_id from the request/)
})

test('cookie findings point at the attribute they are about', () => {
  const cases: Array<[CheckId, RegExp]> = [
    ['SG-COOKIE-HTTPONLY', /HttpOnly/],
    ['SG-COOKIE-SECURE', /Secure/],
    ['SG-COOKIE-SAMESITE', /SameSite/],
    ['SG-COOKIE-SCOPE', /Domain/],
    ['SG-COOKIE-PREFIX', /__Host-/],
    ['SG-COOKIE-PERSISTENT', /Expires or Max-Age/],
  ]
  for (const [id, pattern] of cases) {
    for (const fw of FRAMEWORKS) assert.match(remediationFor(id, fw).text, pattern, `${id}/${fw}`)
  }
})

test('an unknown framework id falls back to the generic advice', () => {
  const r = remediationFor('SG-LOGOUT', 'cobol' as FrameworkId)
  assert.equal(r.framework, 'generic')
  assert.equal(r.text, remediationFor('SG-LOGOUT', 'generic').text)
})
