// Progress lines are printed during the scan, before the report learns every id it saw (at the end):
// each is masked with the ids a Set-Cookie or the session's URL carrier carried so far, learned on the spot.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Observation } from '../../src/http/client.js'
import { Redactor, mask } from '../../src/http/redact.js'
import type { ProgressEvent } from '../../src/model/progress.js'
import { maskedProgress } from '../../src/run/progress-masked.js'
import { learnResponseCredentials } from '../../src/run/response-credentials.js'
import { type UrlCarrierNames, urlCarrierNames } from '../../src/run/url-carried.js'

test('an id the target hands out in quoted-printable or in tag characters is learned as the redactor reads those (r26y)', () => {
  const tags = (t: string): string => [...t].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('')
  const seen = [
    { ...observation([]), body: '<a href=3D"/next?sid=3DAb12Cd34Ef56Gh78qp">next</a>' },
    { ...observation([]), body: `<p>${tags('/next?sid=Ab12Cd34Ef56Gh78tg')}</p>` },
  ]
  const redactor = new Redactor()
  learnResponseCredentials(redactor, seen)
  for (const id of ['Ab12Cd34Ef56Gh78qp', 'Ab12Cd34Ef56Gh78tg'])
    assert.equal(redactor.text(`GET /next?sid=${id}`), `GET /next?sid=${mask(id)}`)
})

const observation = (setCookies: string[]): Observation => ({
  actor: 'scanner',
  method: 'GET',
  url: 'http://127.0.0.1/',
  status: 200,
  headers: {},
  body: '',
  links: [],
  setCookies,
})

test("a progress line masks every id a Set-Cookie carried before it was printed, a nameless cookie's included", () => {
  const printed: ProgressEvent[] = []
  const seen: Observation[] = []
  const made: { engine?: Observation[] } = {}
  const progress = maskedProgress(
    new Redactor(),
    (e) => printed.push(e),
    () => made.engine,
  )
  // before there is an engine: nothing to learn, the line passes masked with what is known
  progress({ kind: 'phase', phase: 'source', detail: './app' })
  made.engine = seen
  seen.push(observation(['sid=Kx81mQ2vPz0aLw9e; Path=/; HttpOnly']))
  progress({ kind: 'warning', message: 'scanner session lost (status 302 after redirect to /expired/Kx81mQ2vPz0aLw9e); logging in again' })
  seen.push(observation(['nameless-id-77Qz4k; Path=/']))
  progress({ kind: 'check', id: 'SG-URL', status: 'start', detail: 'at /a;nameless-id-77Qz4k' })
  assert.deepEqual(printed, [
    { kind: 'phase', phase: 'source', detail: './app' },
    {
      kind: 'warning',
      message: `scanner session lost (status 302 after redirect to /expired/${mask('Kx81mQ2vPz0aLw9e')}); logging in again`,
    },
    { kind: 'check', id: 'SG-URL', status: 'start', detail: `at /a;${mask('nameless-id-77Qz4k')}` },
  ])
})

test('a token count learns nothing (thousands of samples are not read per line), and without a listener nothing is masked or learned', () => {
  const r = new Redactor()
  const printed: ProgressEvent[] = []
  const seen = [observation(['sid=Kx81mQ2vPz0aLw9e'])]
  maskedProgress(
    r,
    (e) => printed.push(e),
    () => seen,
  )({ kind: 'tokens', collected: 1, total: 2 })
  assert.equal(r.text('Kx81mQ2vPz0aLw9e'), 'Kx81mQ2vPz0aLw9e')
  maskedProgress(r, undefined, () => seen)({ kind: 'warning', message: 'x' })
  assert.equal(r.text('Kx81mQ2vPz0aLw9e'), 'Kx81mQ2vPz0aLw9e')
  assert.deepEqual(printed, [{ kind: 'tokens', collected: 1, total: 2 }])
})

test("a progress line masks every id the session's URL carrier carried so far, those seen before the carrier was known included", () => {
  const printed: ProgressEvent[] = []
  const seen: Observation[] = []
  const names: { now?: UrlCarrierNames } = {}
  const progress = maskedProgress(
    new Redactor(),
    (e) => printed.push(e),
    () => seen,
    () => names.now,
  )
  const issued = 'Yt5uR3Qw7Er5tYuIo9pAs4dFg6hJkL0zXc2v'
  const lost = 'Pz0aLw9eKx81mQ2v_Tr6yUi8oPa3sDf5gHj7kLz9xCv'
  // the id the target hands out in a redirect, before the scan has proven that ?sid= carries the session
  seen.push({ ...observation([]), url: 'http://127.0.0.1/login', status: 302, headers: { location: `/login?sid=${issued}` } })
  progress({ kind: 'phase', phase: 'carrier', detail: 'proving which identifier carries the session' })
  names.now = urlCarrierNames(
    { primary: { kind: 'query', name: 'sid' }, required: [{ kind: 'query', name: 'sid' }], accepted: [], provenBy: '', evidence: [] },
    [],
  )
  seen.push({ ...observation([]), url: `http://127.0.0.1/account?SID=${lost}` })
  progress({ kind: 'warning', message: `scanner session lost (status 302 after redirect to /gone/${issued}/${lost}); logging in again` })
  assert.deepEqual(printed.at(-1), {
    kind: 'warning',
    message: `scanner session lost (status 302 after redirect to /gone/${mask(issued)}/${mask(lost)}); logging in again`,
  })
})

test('the end of the scan reads only the observations progress lines have not read: each body is decoded once, and every handed-out id is learned either way', () => {
  const reads = new Map<string, number>()
  /** An observation whose body counts how often it is read (each read decodes it at every level). */
  const counted = (name: string, body: string): Observation => {
    const o = observation([])
    Object.defineProperty(o, 'body', {
      get: () => {
        reads.set(name, (reads.get(name) ?? 0) + 1)
        return body
      },
    })
    return o
  }
  const redactor = new Redactor()
  const seen: Observation[] = []
  const progress = maskedProgress(
    redactor,
    () => {},
    () => seen,
  )
  seen.push(counted('a', '<a href="/r?sid=Ab12Cd34Ef56Gh78aa">next</a>'), counted('b', 'var u = "/x?a=1\\x26sid=Ab12Cd34Ef56Gh78bb"'))
  progress({ kind: 'phase', phase: 'checks' })
  seen.push(counted('c', 'Location: /home?next=%2Fhome%3Fsid%3DAb12Cd34Ef56Gh78cc'))
  // the end of the scan (and an error's) reads every observation the engine recorded
  learnResponseCredentials(redactor, seen)
  learnResponseCredentials(redactor, seen)
  assert.deepEqual(Object.fromEntries(reads), { a: 1, b: 1, c: 1 })
  for (const id of ['Ab12Cd34Ef56Gh78aa', 'Ab12Cd34Ef56Gh78bb', 'Ab12Cd34Ef56Gh78cc'])
    assert.equal(redactor.text(`id ${id}`), `id ${mask(id)}`)
  // another redactor (another scan) reads them afresh
  const other = new Redactor()
  learnResponseCredentials(other, seen)
  assert.deepEqual(Object.fromEntries(reads), { a: 2, b: 2, c: 2 })
  assert.equal(other.text('Ab12Cd34Ef56Gh78cc'), mask('Ab12Cd34Ef56Gh78cc'))
})
