// r31br N1, N2: a URL pair's name rides on every request the scanner sends afterwards, and the report
// shows it; a page names a pair after what it read (a planted token, a script-readable cookie) or was
// typed (the password). So a pair from the browser is carried only under a name the target wrote before
// typing (a Location of the navigation the scanner opened, a Set-Cookie) or the configured carrier, never
// because a document URL the page made held it.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { carriedByPage } from '../../src/login/browser/transfer.js'
import type { Recorded } from '../../src/login/browser/record.js'
import { recorded } from './recorded.js'

const O = 'http://127.0.0.1:9'
const PASSWORD = 'pw-Hunter2-secret'
/** The password reversed, in hex: what a page spells into a URL pair's name. */
const HEX = '7465726365732d327265746e75482d7770'
const PAIR = `sid${HEX}=abcdefgh1234`
const SID = 'Q2h1bmtlZFNlc3Npb24x'

let n = 0
const rec = (part: Partial<Recorded>): Recorded => recorded(O, { id: ++n, ...part })

const carried = (recs: Recorded[], finalUrl: string, typed = true, urlNames: string[] = []) =>
  carriedByPage(recs, O, [], finalUrl, typed ? { secrets: [PASSWORD] } : undefined, undefined, urlNames).map(
    (d) => `${d.kind} ${d.name}=${d.value}`,
  )

test('N1: a stored "return to" URL the page asked for is not carried when the login answer redirects to it', () => {
  // connect-ensure-login / Laravel intended / Devise / Spring SavedRequest: the page's own request to a
  // protected URL is stored, and the login answer's Location repeats it
  const asked = rec({ rawUrl: `${O}/account?${PAIR}`, status: 302, headers: { location: '/login' } })
  const login = rec({
    rawMethod: 'POST',
    rawUrl: `${O}/login`,
    rawBody: `username=alice&password=${PASSWORD}`,
    status: 303,
    headers: { location: `/account?${PAIR}` },
    document: true,
  })
  const landed = rec({ rawUrl: `${O}/account?${PAIR}`, document: true, redirectedFrom: login.id! })
  assert.deepEqual(carried([asked, login, landed], `${O}/account?${PAIR}`), [])
  // the login page's own session cookie makes `sid` the target's name, not `sid<hex>`
  const page = rec({
    afterTyping: false,
    scannerOpened: true,
    document: true,
    rawUrl: `${O}/login`,
    headers: { 'set-cookie': 'sid=x; Path=/' },
  })
  assert.deepEqual(carried([page, asked, login, landed], `${O}/account?${PAIR}`), [])
})

test('N2: before typing, a page-made document URL (an iframe, location=, a form sent with GET) names no pair', () => {
  const iframe = rec({ afterTyping: false, document: true, rawUrl: `${O}/blank?sidx${HEX}=abcdefgh1234` })
  assert.deepEqual(carried([iframe], `${O}/login`, false), [])
  const pathParam = rec({ afterTyping: false, document: true, rawUrl: `${O}/blank;q${HEX}=x` })
  assert.deepEqual(carried([pathParam], `${O}/login`, false), [])
  // the page's navigation of the top frame ends the context there: the final URL is the page's too
  assert.deepEqual(carried([], `${O}/blank;q${HEX}=x?sidx${HEX}=abcdefgh1234`, false), [])
})

test('honest URL sessions: a name the target wrote in the opened navigation, a cookie, or the configured carrier is carried', () => {
  // the servlet container's redirect of the opened page to `;jsessionid=`
  const opened = rec({
    afterTyping: false,
    scannerOpened: true,
    document: true,
    status: 302,
    rawUrl: `${O}/app/`,
    headers: { location: `/app/login;jsessionid=${SID}` },
  })
  const loginPage = rec({
    afterTyping: false,
    scannerOpened: true,
    document: true,
    rawUrl: `${O}/app/login;jsessionid=${SID}`,
    redirectedFrom: opened.id!,
  })
  assert.deepEqual(carried([opened, loginPage], loginPage.rawUrl, false), [`path jsessionid=${SID}`, `path jsessionid=${SID}`])
  // the same pair in a URL the page made, with no such redirect, is not the target's
  assert.deepEqual(carried([rec({ afterTyping: false, document: true, rawUrl: loginPage.rawUrl })], loginPage.rawUrl, false), [])
  // a JSESSIONID cookie set before typing names the path parameter its links carry
  const cookie = rec({
    afterTyping: false,
    scannerOpened: true,
    document: true,
    rawUrl: `${O}/app/login`,
    setCookies: [`JSESSIONID=${SID}; Path=/app`],
  })
  const linked = rec({ afterTyping: false, document: true, rawUrl: `${O}/app/home;jsessionid=${SID}` })
  assert.deepEqual(carried([cookie, linked], `${O}/app/home`, false), [`path jsessionid=${SID}`])
  // the configured query carrier (session: { query: sid }) names its pair whatever wrote it
  const withQuery = rec({ afterTyping: false, document: true, rawUrl: `${O}/app/home?sid=${SID}` })
  assert.deepEqual(carried([withQuery], `${O}/app/home`, false), [])
  assert.deepEqual(carried([withQuery], `${O}/app/home`, false, ['sid']), [`query sid=${SID}`])
})
