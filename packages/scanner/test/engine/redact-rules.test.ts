// The redactor's rules one by one, each asserted on the exact output: what is masked, what it is
// masked to, and what evidence is kept as it was (issue 29: the mutation run showed each of these
// could be broken without a failing test).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Redactor, mask, maskUrlValues } from '../../src/http/redact.js'
import type { Exchange } from '../../src/model/finding.js'

const ID = 'f3a91c0de44b7a2e9d1c55f0a8b3e6d2'

test('a mask shows four characters and the length from nine characters on, only stars and the length up to eight', () => {
  assert.equal(mask('abc'), '***…[3]')
  assert.equal(mask('abcd'), '****…[4]')
  assert.equal(mask('abcdefgh'), '****…[8]')
  assert.equal(mask('abcdefghi'), 'abcd…[9]')
  assert.equal(mask(''), '…[0]')
})

test("an exchange's note and error are masked, and the rest of the exchange is kept as it was", () => {
  const r = new Redactor()
  r.addSecret(ID)
  const x: Exchange = {
    actor: 'attacker',
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:8080/login?next=%2Fhome',
      headers: { 'content-type': 'text/plain', accept: '*/*' },
      body: 'user=alice',
    },
    response: { status: 302, headers: { location: '/home', 'content-length': '0' }, body: 'Found. Redirecting to /home' },
    note: `planted ${ID} before login`,
    error: `socket closed after ${encodeURIComponent(ID)}`,
  }
  const out = r.exchange(x)
  assert.equal(out.note, `planted ${mask(ID)} before login`)
  assert.equal(out.error, `socket closed after ${mask(ID)}`)
  // nothing else in it held a secret: method, URL, headers, body, status stay exactly as recorded
  assert.deepEqual({ ...out, note: x.note, error: x.error }, x)
  // the input is not changed in place
  assert.equal(x.note, `planted ${ID} before login`)
})

test("a note and an error in a finished report's evidence and traffic are masked end to end", () => {
  const r = new Redactor()
  r.addPassword('hunter2-pw')
  const exchange = (note: string): Exchange => ({
    actor: 'victim',
    request: { method: 'GET', url: 'http://127.0.0.1/', headers: {} },
    note,
    error: 'refused: hunter2&#45;pw',
  })
  const report = { findings: [{ evidence: [exchange('typed hunter2-pw')] }], traffic: [exchange('again hunter2-pw')] }
  const out = r.report(report)
  assert.deepEqual(out.findings[0]!.evidence[0]!.note, 'typed ********')
  assert.deepEqual(out.traffic[0]!.note, 'again ********')
  assert.deepEqual(out.traffic[0]!.error, 'refused: ********')
  assert.equal(out.traffic[0]!.request.url, 'http://127.0.0.1/')
})

test('a response body is cut to the excerpt after masking, and a short body is kept whole', () => {
  const r = new Redactor()
  r.addSecret(ID)
  const body = `<p>${ID}</p>${'z'.repeat(1000)}`
  const out = r.exchange({
    actor: 'victim',
    request: { method: 'GET', url: 'http://127.0.0.1/', headers: {} },
    response: { status: 200, headers: {}, body },
  })
  const shown = out.response!.body!
  assert.equal(shown.length, 600)
  assert.ok(shown.startsWith(`<p>${mask(ID)}</p>zzz`), shown)
  const small = r.exchange({
    actor: 'victim',
    request: { method: 'GET', url: 'http://127.0.0.1/', headers: {} },
    response: { status: 204, headers: {}, body: 'ok' },
  })
  assert.equal(small.response!.body, 'ok')
})

test('overlapping secrets are masked as one span: no tail of the longer one is left', () => {
  const r = new Redactor()
  r.addSecret('alpha-secret-123')
  r.addSecret('secret')
  assert.equal(r.text('x alpha-secret-123 y'), `x ${mask('alpha-secret-123')} y`)
  // two secrets that overlap without containing each other: the merged span covers both
  const r2 = new Redactor()
  r2.addSecret('abcdef-123456')
  r2.addSecret('123456-ghijkl')
  assert.equal(r2.text('<abcdef-123456-ghijkl>'), `<${mask('abcdef-123456')}>`)
  // two secrets side by side are two masks
  assert.equal(r2.text('abcdef-123456123456-ghijkl'), `${mask('abcdef-123456')}${mask('123456-ghijkl')}`)
})

test('a secret that starts another secret is masked with the longer one', () => {
  const r = new Redactor()
  r.addSecret('abcdef')
  r.addSecret('abcdefghijkl')
  assert.equal(r.text('[abcdefghijkl]'), `[${mask('abcdefghijkl')}]`)
  assert.equal(r.text('[abcdef]'), `[${mask('abcdef')}]`)
})

test('authorization, proxy-authorization, x-api-key and x-auth-token keep their scheme and show a masked rest', () => {
  const r = new Redactor()
  const h = r.headers({
    authorization: 'Bearer abcdefghijklmnop',
    'Proxy-Authorization': 'Basic dXNlcjpwYXNzd29yZA==',
    'x-api-key': 'key_live_0123456789',
    'X-Auth-Token': 'tok-0123456789abc',
  })
  assert.deepEqual(h, {
    authorization: `Bearer ${mask('abcdefghijklmnop')}`,
    'Proxy-Authorization': `Basic d${mask('XNlcjpwYXNzd29yZA==')}`,
    'x-api-key': `key_liv${mask('e_0123456789')}`,
    'X-Auth-Token': `tok-012${mask('3456789abc')}`,
  })
  // twelve characters or fewer would leave too little hidden: masked whole
  assert.deepEqual(r.headers({ 'x-api-key': '123456789012', 'proxy-authorization': 'Basic abc' }), {
    'x-api-key': '********',
    'proxy-authorization': '********',
  })
  assert.deepEqual(r.headers({ 'x-api-key': '1234567890123' }), { 'x-api-key': `1234567${mask('890123')}` })
})

test('a header named for a session, token or sid is masked from six characters; other headers are kept', () => {
  const r = new Redactor()
  const h = r.headers({
    'X-Session-Id': 'abcdef',
    'x-csrf-token': ['0123456789abcdef', 'short'],
    'X-SID': 'qwertyuiop',
    'x-request-id': 'abcdef-123456',
    'content-type': 'application/json; charset=utf-8',
    location: '/home?tab=1',
  })
  assert.deepEqual(h, {
    'X-Session-Id': mask('abcdef'),
    'x-csrf-token': [mask('0123456789abcdef'), 'short'],
    'X-SID': mask('qwertyuiop'),
    'x-request-id': 'abcdef-123456',
    'content-type': 'application/json; charset=utf-8',
    location: '/home?tab=1',
  })
  assert.deepEqual(r.headers({ 'x-session': 'abcde' }), { 'x-session': 'abcde' })
})

test("a user's secret header is masked whole under any case of its name, and its value wherever it appears", () => {
  const r = new Redactor()
  r.addSecretHeader('X-Tenant-Key', 'tenant-9c41e0d2')
  r.addSecretHeader('X-Short', 'abc')
  assert.deepEqual(r.headers({ 'x-tenant-key': 'tenant-9c41e0d2', 'X-SHORT': 'abc', 'x-other': 'tenant-9c41e0d2' }), {
    'x-tenant-key': mask('tenant-9c41e0d2'),
    'X-SHORT': '********',
    'x-other': mask('tenant-9c41e0d2'),
  })
  assert.deepEqual(r.headers({ 'x-tenant-key': 'abcdef' }), { 'x-tenant-key': mask('abcdef') })
})

test('cookie headers mask every value and keep names, empty values, flags and attributes', () => {
  const r = new Redactor()
  // a piece with no '=' is a nameless cookie's value (a browser sends `Set-Cookie: v` back as `Cookie: v`)
  assert.deepEqual(r.headers({ cookie: 'sid=abcdefghij; theme= dark ;empty=; nameless-value-1' }), {
    cookie: `sid=${mask('abcdefghij')}; theme=${mask('dark')};empty=; ${mask('nameless-value-1')}`,
  })
  assert.deepEqual(r.headers({ 'set-cookie': ['sid=abcdefghij; Path=/; HttpOnly; SameSite=Lax', 'bare=1234567'] }), {
    'set-cookie': [`sid=${mask('abcdefghij')}; Path=/; HttpOnly; SameSite=Lax`, `bare=${mask('1234567')}`],
  })
})

test('a password is masked at any length, an id only from six characters', () => {
  const r = new Redactor()
  r.addPassword('pw1')
  r.addPassword('')
  r.addSecret('abcde')
  r.addSecret(undefined)
  assert.equal(r.text('login pw1 abcde'), 'login ******** abcde')
  const r2 = new Redactor()
  r2.addSecret('abcdef')
  assert.equal(r2.text('id abcdef.'), `id ${mask('abcdef')}.`)
  // a secret given twice keeps its first replacement; a password wins over the same value as an id
  const r3 = new Redactor()
  r3.addPassword('same-value-1')
  r3.addSecret('same-value-1')
  assert.equal(r3.text('same-value-1'), '********')
})

test('a secret added after a first search is found by the next one', () => {
  const r = new Redactor()
  r.addSecret('first-secret-1')
  assert.equal(r.text('first-secret-1 later-secret-2'), `${mask('first-secret-1')} later-secret-2`)
  r.addSecret('later-secret-2')
  assert.equal(r.text('first-secret-1 later-secret-2'), `${mask('first-secret-1')} ${mask('later-secret-2')}`)
  r.addPassword('pw-added-late')
  assert.equal(r.text('x pw-added-late'), 'x ********')
})

test('text without secrets, and a redactor without secrets, give the text back unchanged', () => {
  const empty = new Redactor()
  const text = 'a%20b &amp; \\u0041 caf%C3%A9'
  assert.equal(empty.text(text), text)
  const r = new Redactor()
  r.addSecret(ID)
  assert.equal(r.text(text), text)
  assert.equal(r.text(''), '')
})

test('progress: phase and check details and warnings are masked, a check without detail and other events pass as they are', () => {
  const r = new Redactor()
  r.addSecret(ID)
  assert.deepEqual(r.progress({ kind: 'check', id: 'SG-URL', status: 'start', detail: `via ${ID}` }), {
    kind: 'check',
    id: 'SG-URL',
    status: 'start',
    detail: `via ${mask(ID)}`,
  })
  const bare = { kind: 'check', id: 'SG-URL', status: 'start' } as const
  assert.equal(r.progress(bare), bare)
  assert.deepEqual(r.progress({ kind: 'warning', message: `saw ${ID}` }), { kind: 'warning', message: `saw ${mask(ID)}` })
})

test('errors: a masked message masks the stack too, an error without a secret and non-errors are kept', () => {
  const r = new Redactor()
  r.addSecret(ID)
  const clean = new Error('no secret here')
  const stack = clean.stack
  assert.equal(r.error(clean), clean)
  assert.equal(clean.stack, stack)
  assert.equal(r.error(`text ${ID}`), `text ${mask(ID)}`)
  assert.equal(r.error(42), 42)
  const leaky = new Error(`lost ${ID}`)
  leaky.stack = `Error: lost ${ID}\n    at x (file.ts:1:1)`
  r.error(leaky)
  assert.equal(leaky.message, `lost ${mask(ID)}`)
  assert.equal(leaky.stack, `Error: lost ${mask(ID)}\n    at x (file.ts:1:1)`)
})

test('errors: the stack is masked even when the message holds no secret (a cause or frame printed into it can)', () => {
  const r = new Redactor()
  r.addSecret(ID)
  r.addPassword('Hunter-2-pass')
  const err = new Error('login failed')
  err.stack = `Error: login failed\n    at post (http://127.0.0.1/login?sid=${ID}&pw=Hunter-2-pass:1:1)\ncaused by: ${ID}`
  assert.equal(r.error(err), err)
  assert.equal(err.message, 'login failed')
  assert.equal(
    err.stack,
    `Error: login failed\n    at post (http://127.0.0.1/login?sid=${mask(ID)}&pw=********:1:1)\ncaused by: ${mask(ID)}`,
  )
})

test('a report keeps its non-string values and its shape; long strings are masked like short ones', () => {
  const r = new Redactor()
  r.addSecret(ID)
  const long = `${'a'.repeat(300)} ${ID}`
  const report = { score: 87, grade: 'B', ok: true, none: null, list: [1, `${ID}`, { k: long }], when: undefined }
  assert.deepEqual(r.report(report), {
    score: 87,
    grade: 'B',
    ok: true,
    none: null,
    list: [1, mask(ID), { k: `${'a'.repeat(300)} ${mask(ID)}` }],
    when: undefined,
  })
  // a repeated string is masked the same every time (the walk remembers what it masked)
  assert.deepEqual(r.report({ a: [ID, ID, 'x'], b: 'x' }), { a: [mask(ID), mask(ID), 'x'], b: 'x' })
})

test('a URL for a message masks query and path parameter values of six characters or more', () => {
  assert.equal(
    maskUrlValues(`http://127.0.0.1:3000/a;jsessionid=${ID};x=1/b?sid=${ID}&tab=short&n=123456`),
    `http://127.0.0.1:3000/a;jsessionid=${mask(ID)};x=1/b?sid=${mask(ID)}&tab=short&n=${mask('123456')}`,
  )
  assert.equal(maskUrlValues('http://127.0.0.1/plain'), 'http://127.0.0.1/plain')
  assert.equal(maskUrlValues('not a url'), 'an unknown page')
  assert.equal(maskUrlValues('data:text/plain,abc'), 'data:text/plain,abc')
})

test("a secret header's credential is a secret after its scheme, whatever the spacing, and only after a scheme", () => {
  const shown = (r: Redactor, s: string): string => r.text(`seen ${s} here`)
  for (const [value, credential] of [
    ['Bearer tok-abcdefgh12', 'tok-abcdefgh12'],
    ['  Bearer \t tok-abcdefgh34  ', 'tok-abcdefgh34'],
    ['Token.v2+x-y abcdefghijkl', 'abcdefghijkl'],
    ['Digest username="alice", realm="r1"', 'username="alice", realm="r1"'],
  ] as const) {
    const r = new Redactor()
    r.addSecretHeader('X-Auth', value)
    assert.equal(shown(r, credential), `seen ${mask(credential)} here`, value)
  }
  // a first word that cannot be a scheme (it starts with a digit): the value is a secret whole, and its
  // credential-like part is one as a part (header-parts.ts, r23y Y-M6); a short one is not
  const r = new Redactor()
  r.addSecretHeader('X-Auth', '1abc tokenvalue99')
  assert.equal(shown(r, 'tokenvalue99'), `seen ${mask('tokenvalue99')} here`)
  assert.equal(shown(r, '1abc'), 'seen 1abc here')
  assert.equal(shown(r, '1abc tokenvalue99'), `seen ${mask('1abc tokenvalue99')} here`)
})

test("a Basic credential's user:password pair and its password are secrets; other schemes and undecodable pairs are not split", () => {
  const basic = (pair: string | Buffer, scheme = 'Basic'): Redactor => {
    const r = new Redactor()
    r.addSecretHeader('Authorization', `${scheme} ${Buffer.from(pair).toString('base64')}`)
    return r
  }
  for (const scheme of ['Basic', 'basic', 'BASIC']) {
    const r = basic('alice:hunter2-pw', scheme)
    assert.equal(r.text('pw=hunter2-pw;'), `pw=${mask('hunter2-pw')};`, scheme)
    assert.equal(r.text('u=alice:hunter2-pw;'), `u=${mask('alice:hunter2-pw')};`, scheme)
    // the user name alone (under six characters) is evidence, not a secret
    assert.equal(r.text('user alice'), 'user alice', scheme)
  }
  // an empty user name: the password is still the part after the colon
  assert.equal(basic(':only-a-password').text('only-a-password'), mask('only-a-password'))
  // a password that holds a colon: only the user name ends at the first one
  assert.equal(basic('bob:pa:ss-word').text('pa:ss-word'), mask('pa:ss-word'))
  // not Basic: the base64 is the credential, its decoded text is not taken apart
  assert.equal(basic('carol:secret-pw-1', 'Bearer').text('secret-pw-1'), 'secret-pw-1')
  // no colon, or bytes that are not UTF-8: nothing to split
  assert.equal(basic('nocolonhere123').text('nocolonhere123'), 'nocolonhere123')
  assert.equal(basic(Buffer.from([0xff, 0xfe, 0x3a, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67])).text('abcdefg'), 'abcdefg')
})

test('a value known as a password stays masked as a password when it is also seen as an id', () => {
  const r = new Redactor()
  r.addPassword('hunter2-pw')
  r.addSecret('hunter2-pw')
  assert.equal(r.text('pw=hunter2-pw'), 'pw=********')
  // an empty password adds nothing
  const empty = new Redactor()
  empty.addPassword('')
  assert.equal(empty.text('a b'), 'a b')
})

test("a password that reads as a known id (a space for its plus) is masked as a password, never with the id's visible prefix", () => {
  const r = new Redactor()
  r.addSecret('my+pass+word1')
  r.addPassword('my pass word1')
  assert.equal(r.text('pw=my pass word1;'), 'pw=********;')
})

test("a secret's own text keeps its own mask even when it is another secret's case-folded form", () => {
  const r = new Redactor()
  r.addSecret('ABCDEFGH12')
  r.addSecret('abcdefgh12')
  assert.equal(r.text('x abcdefgh12 y ABCDEFGH12'), `x ${mask('abcdefgh12')} y ${mask('ABCDEFGH12')}`)
})

test("a report's evidence and traffic get the exchange rules: a cookie or header value the scan never learned is masked there", () => {
  const r = new Redactor()
  r.addSecret(ID)
  const exchange = (): Exchange => ({
    actor: 'victim',
    request: { method: 'GET', url: 'http://127.0.0.1/', headers: { cookie: 'theme=unlearned-value-1', 'x-session-id': 'unlearned-2' } },
  })
  const out = r.report({ findings: [{ evidence: [exchange()] }], traffic: [exchange()], other: [{ cookie: 'kept-as-is' }] })
  for (const x of [out.findings[0]!.evidence[0]!, out.traffic[0]!])
    assert.deepEqual(x.request.headers, { cookie: `theme=${mask('unlearned-value-1')}`, 'x-session-id': mask('unlearned-2') })
  // elsewhere only known secrets are masked
  assert.deepEqual(out.other, [{ cookie: 'kept-as-is' }])
})

test('the redacted report and headers are plain data: their fields can be changed and removed afterwards', () => {
  const r = new Redactor()
  r.addSecret(ID)
  const out = r.report({ title: ID, nested: { note: 'n' } }) as Record<string, unknown>
  out.title = 'changed'
  delete out.nested
  assert.deepEqual(out, { title: 'changed' })
  const headers = r.headers({ 'x-a': '1', cookie: `sid=${ID}` })
  headers['x-a'] = '2'
  delete headers.cookie
  assert.deepEqual(headers, { 'x-a': '2' })
})

test('a nameless cookie (=value) is masked like any other', () => {
  const r = new Redactor()
  assert.deepEqual(r.headers({ cookie: '=nameless-secret-1; a=b' }), { cookie: `=${mask('nameless-secret-1')}; a=${mask('b')}` })
})

test('an exchange without a body, note or error gets none: nothing is added to it', () => {
  const r = new Redactor()
  r.addSecret(ID)
  const x: Exchange = {
    actor: 'attacker',
    request: { method: 'GET', url: 'http://127.0.0.1/', headers: {} },
    response: { status: 204, headers: {} },
  }
  const out = r.exchange(x)
  assert.deepEqual(Object.keys(out).sort(), ['actor', 'request', 'response'])
  assert.deepEqual(Object.keys(out.request).sort(), ['headers', 'method', 'url'])
  assert.deepEqual(Object.keys(out.response!).sort(), ['headers', 'status'])
})

test("a secret holding ';' echoed into a Cookie or Set-Cookie header is masked whole, the pieces it spans with it, the other pieces by their shape", () => {
  const r = new Redactor()
  r.addPassword('Hunter;Secret-Tail-99')
  r.addPassword('pw,with=Secret;Tail 42')
  const out = r.headers({
    'set-cookie': ['x=Hunter;Secret-Tail-99; Path=/', 'a=pw,with=Secret;Tail 42', 'sid=other-value-77; Path=/Hunter;Secret-Tail-99'],
    cookie: 'sid=other-value-77; x=Hunter;Secret-Tail-99; theme=dark; a=pw,with=Secret;Tail 42',
  })
  assert.deepEqual(out, {
    'set-cookie': ['x=********; Path=/', 'a=********', `sid=${mask('other-value-77')}; Path=/********`],
    cookie: `sid=${mask('other-value-77')}; x=********; theme=${mask('dark')}; a=********`,
  })
  // a secret that is only a ';' (a one-character password) takes the separator; the values around it keep their shape
  const semi = new Redactor()
  semi.addPassword(';')
  assert.deepEqual(semi.headers({ cookie: 'a=1;b=2' }), { cookie: `a=${mask('1')}********b=${mask('2')}` })
  // an id (not a password) with a ';' keeps its own mask, as anywhere in the evidence
  const id = new Redactor()
  id.addSecret('ab;cdefghijkl')
  assert.deepEqual(id.headers({ cookie: 'k=ab;cdefghijkl; z=v' }), { cookie: `k=${mask('ab;cdefghijkl')}; z=${mask('v')}` })
})

test('a cookie or token value that holds a known secret is masked whole by its shape, showing no more of a secret than its own mask (r23j L1)', () => {
  const r = new Redactor()
  r.addSecret('short7x')
  r.addSecret('a-session-id-0042')
  assert.deepEqual(
    r.headers({
      cookie: 'y=short7xABCDEF; z=a-session-id-0042',
      'set-cookie': 'y=short7x.sig; Path=/',
      'x-session': 'short7x-and-more',
      authorization: 'Bearer short7x.payload',
    }),
    {
      // a short id's mask shows none of its characters, so the value's shape shows none either
      cookie: `y=****…[13]; z=${mask('a-session-id-0042')}`,
      'set-cookie': `y=****…[11]; Path=/`,
      'x-session': '****…[16]',
      authorization: 'Bearer ****…[15]',
    },
  )
  // without a known secret in it, the value keeps its shape
  assert.deepEqual(r.headers({ cookie: 'y=unknownvalue99' }), { cookie: `y=${mask('unknownvalue99')}` })
})

test("a Set-Cookie header with no '=' before its first ';' is a nameless cookie: its value is masked by its shape, its attributes searched", () => {
  const r = new Redactor()
  r.addSecret('a-session-id-0042')
  assert.deepEqual(
    r.headers({
      'set-cookie': ['unlearned-nameless-id-9; Path=/a-session-id-0042; HttpOnly', 'Secure'],
      cookie: 'unlearned-nameless-id-9',
    }),
    {
      'set-cookie': [`${mask('unlearned-nameless-id-9')}; Path=/${mask('a-session-id-0042')}; HttpOnly`, mask('Secure')],
      cookie: mask('unlearned-nameless-id-9'),
    },
  )
})

test('check() says whether a text holds a known secret in any form, or could not be checked in bounded time, without counting it as withheld evidence', () => {
  const r = new Redactor()
  assert.equal(r.check(`text ${ID}`), 'clean')
  r.addSecret(ID)
  r.addPassword('pw1')
  assert.equal(r.check('nothing secret here'), 'clean')
  assert.equal(r.check(''), 'clean')
  assert.equal(r.check(`id ${ID}`), 'secret')
  assert.equal(r.check(`id ${Buffer.from(ID).toString('base64')}`), 'secret')
  assert.equal(r.check('login%20pw1'), 'secret')
  for (let i = 0; i < 200; i++) r.addSecret(`${'a'.repeat(2000)}Z${i.toString(36)}`)
  assert.equal(r.check('a'.repeat(3000)), 'withheld')
  assert.equal(r.withheld, 0)
})

test("a secret that starts right after a cookie's ';' or ends with one touches only its own piece: its neighbours, and the value after a secret in a name, keep their shape", () => {
  const r = new Redactor()
  r.addSecret('a-session-id-0042')
  r.addSecret('k9-secret-id;')
  assert.deepEqual(r.headers({ cookie: 'y=unknownvalue99;a-session-id-0042=1' }), {
    cookie: `y=${mask('unknownvalue99')};${mask('a-session-id-0042')}=${mask('1')}`,
  })
  assert.deepEqual(r.headers({ cookie: 'x=k9-secret-id;z=unknownvalue99' }), {
    cookie: `x=${mask('k9-secret-id;')}z=${mask('unknownvalue99')}`,
  })
  // where an id and a password overlap in a cookie, the merged span is masked as the password
  const p = new Redactor()
  p.addPassword('Hunter;Secret-Tail-99')
  p.addSecret('Hunter;Secret-Tail-99:alice')
  assert.deepEqual(p.headers({ cookie: 'r=Hunter;Secret-Tail-99:alice; t=1' }), { cookie: `r=********; t=${mask('1')}` })
})

test("a cookie or token value holding a learned id beside a value the scan never learned (<id>.<jwt>) shows neither in clear, only the id's own mask start (r23j L1)", () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.Q2hhbmdlLW1lLXBsZWFzZQ'
  const id = 'sid0123456789abcdef'
  const r = new Redactor()
  r.addSecret(id)
  r.addPassword('Hunter;Secret-Tail-99')
  const value = `${id}.${jwt}`
  const out = r.headers({
    cookie: `sess=${value}; jwt=${jwt}${id}; x=Hunter;Secret-Tail-99; t=1`,
    'set-cookie': [`sess=${value}; Path=/; HttpOnly`, `${id}:${jwt}; Path=/`],
    'x-session-token': `${id}:${jwt}`,
    authorization: `Bearer ${value}`,
  })
  assert.deepEqual(out, {
    cookie: `sess=sid0…[${value.length}]; jwt=${mask(jwt + id)}; x=********; t=${mask('1')}`,
    'set-cookie': [`sess=sid0…[${value.length}]; Path=/; HttpOnly`, `sid0…[${value.length}]; Path=/`],
    'x-session-token': `sid0…[${value.length}]`,
    authorization: `Bearer sid0…[${value.length}]`,
  })
  for (const part of jwt.split('.')) assert.ok(!JSON.stringify(out).includes(part.slice(4, 12)), part)
})

test('a message is masked before it is cut: a secret across the cut is masked whole, and a word the cut would split is left out whole', () => {
  const r = new Redactor()
  r.addPassword('Correct Horse Battery 9')
  r.addSecret('sid0123456789abcdef')
  const pad = 'x'.repeat(40)
  // the old order (cut first) kept 'Correct Horse Bat' and 'sid01234' in clear
  const ten = pad.slice(0, 10)
  assert.equal(
    r.clip(`net::ERR_FAILED at /a?p=${ten}Correct Horse Battery 9 and more\nsecond line`, 50),
    `net::ERR_FAILED at /a?p=${ten}******** and…`,
  )
  assert.equal(r.clip(`refused ${pad} /x?sid=sid0123456789abcdef tail`, 60), `refused ${pad}…`)
  // an id the redactor has not learned yet is never cut into: the word it is in is left out
  const later = 'e5Kq9vTxZ2mN8pQ4rL7wY1'
  const cut = r.clip(`blocked ${pad} at /y?token=${later} done`, 60)
  assert.equal(cut, `blocked ${pad} at…`)
  // short messages are kept whole (their first line), a word longer than the limit leaves nothing of itself
  assert.equal(r.clip('fine\nmore', 50), 'fine')
  assert.equal(r.clip('z'.repeat(80), 50), '…')
  assert.equal(r.clip(`${'a'.repeat(10)} ${'b'.repeat(10)}`, 10), `${'a'.repeat(10)}…`)
})

test('a progress line masks a word shaped like a known id (same length and alphabet: the next id the target issues), not other words or a password-like shape', () => {
  const r = new Redactor()
  r.addSecret('3f9a0c41d2e8b7a65f0e9d8c7b6a5f41')
  r.addSecret('Zq7vHorseBatteryStaple9x')
  r.addPassword('correct-horse-battery-staple')
  const later = 'aa11bb22cc33dd44ee55ff6677889900'
  const other = 'Mq2vXyzzyPlughFrobnitz3y'
  assert.deepEqual(r.progress({ kind: 'warning', message: `lost at /a?sid=${later} and ${other}; reason` }), {
    kind: 'warning',
    message: `lost at /a?sid=${mask(later)} and ${mask(other)}; reason`,
  })
  // shorter runs of an id alphabet, and the shape of a password (no id) stay as they are
  const kept = `${later.slice(0, 16)} ${later.toUpperCase().slice(9)} ${other.slice(1)}-1 correct-horse-battery-stapl3`
  assert.deepEqual(r.progress({ kind: 'phase', phase: 'login', detail: kept }), { kind: 'phase', phase: 'login', detail: kept })
  // the report keeps such words: only the lines printed before every id is known mask by shape
  assert.equal(r.text(`sid=${later}`), `sid=${later}`)
})

test('a progress line masks an id shaped like a known one inside a path segment or joined to a prefix or suffix by / - _ +', () => {
  const r = new Redactor()
  r.addSecret('3f9a0c41d2e8b7a65f0e9d8c7b6a5f41')
  r.addSecret('Zq7vHorseBatteryStaple9x')
  r.addSecret('Kx81mQ2v_Pz0aLw9e-Yt5uR3')
  const hex = 'aa11bb22cc33dd44ee55ff6677889900'
  const alnum = 'Mq2vXyzzyPlughFrobnitz3y'
  const b64url = 'Qw7_Er5tYu-Io9pAs4dFg6hJ'
  const line = (message: string): string => (r.progress({ kind: 'warning', message }) as { message: string }).message
  for (const [shown, id] of [
    [`lost (status 302 after redirect to /expired/${hex}); logging in again`, hex],
    [`at /s/${hex}/x`, hex],
    [`at /a-${hex}`, hex],
    [`x_${hex}`, hex],
    [`at /s/${alnum}/x and /a-${alnum}+1`, alnum],
    [`at /s/sess-${b64url}/x`, b64url],
    [`at /s/${b64url}_2`, b64url],
  ] as const) {
    const masked = line(shown)
    assert.ok(!masked.includes(id.slice(4)), `${shown} → ${masked}`)
  }
  // the path around the id stays readable where the id's alphabet stops
  assert.equal(line(`redirect to /expired/${hex}`), `redirect to /expired/${mask(hex)}`)
})
