// Issue 13: duration parsing, control-character handling, loopback tests and regex escaping exist
// once, here in the scanner, and the cli, mcp and history packages import them. These cases are the
// union of what the former copies handled.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseDuration } from '../../src/config/duration.js'
import { escapeControls, replaceControls, stripControls } from '../../src/text/controls.js'
import { escapeRegExp } from '../../src/text/escape-regexp.js'
import { isLoopbackAddress, isLoopbackHost } from '../../src/text/loopback.js'
import * as root from '../../src/index.js'

test('the shared helpers are on the package root for the other packages', () => {
  for (const f of [parseDuration, escapeRegExp, isLoopbackAddress, isLoopbackHost, replaceControls, stripControls, escapeControls]) {
    assert.equal((root as Record<string, unknown>)[f.name], f, f.name)
  }
})

test('parseDuration: units, bare numbers, whitespace, zero; undefined for anything else', () => {
  const ok: Array<[number | string, number]> = [
    [1500, 1500],
    [0, 0],
    ['1500', 1500],
    ['500ms', 500],
    ['10s', 10_000],
    ['1.5m', 90_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    [' 15 m ', 900_000],
    ['0', 0],
    ['0.0004s', 0],
    ['1.0005s', 1001],
  ]
  for (const [input, ms] of ok) assert.equal(parseDuration(input), ms, JSON.stringify(input))
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '', ' ', '-5s', '5 minutes', '1e3', '.5s', '5S', '5w', '1h30m', 'ten'])
    assert.equal(parseDuration(bad), undefined, JSON.stringify(bad))
})

test('escapeRegExp: every metacharacter is literal', () => {
  const meta = '.*+?^${}()|[]\\'
  assert.equal(escapeRegExp(meta), '\\.\\*\\+\\?\\^\\$\\{\\}\\(\\)\\|\\[\\]\\\\')
  for (const s of [meta, 'a.b', 'alice+bob@example.com', '/orders/(id)', 'x{2}', '[', 'é-ü']) {
    const re = new RegExp(`^${escapeRegExp(s)}$`)
    assert.ok(re.test(s), s)
  }
  assert.equal(new RegExp(escapeRegExp('a.b')).test('axb'), false)
  assert.equal(escapeRegExp('plain-text_1'), 'plain-text_1')
})

test('isLoopbackAddress: 127/8, ::1 and IPv4 loopback mapped into IPv6; never a name', () => {
  for (const a of ['127.0.0.1', '127.255.3.4', '::1', '::ffff:127.0.0.1', '::FFFF:7f00:1', '0:0:0:0:0:0:0:1', '0:0:0:0:0:ffff:127.0.0.1'])
    assert.equal(isLoopbackAddress(a), true, a)
  for (const a of [
    '10.0.0.1',
    '128.0.0.1',
    '0.0.0.0',
    '::',
    '::2',
    '::ffff:10.0.0.1',
    '::ffff:a00:1',
    '127.0.0.1.nip.io',
    'localhost',
    '[::1]',
    '',
    undefined,
  ])
    assert.equal(isLoopbackAddress(a), false, String(a))
})

test('isLoopbackHost: a loopback address (bracketed or not) or the name localhost', () => {
  for (const h of [
    '127.0.0.1',
    '127.1.2.3',
    '[::1]',
    '::1',
    'localhost',
    'LOCALHOST',
    '[0:0:0:0:0:0:0:1]',
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
  ])
    assert.equal(isLoopbackHost(h), true, h)
  for (const h of [
    '0.0.0.0',
    'intranet.invalid',
    '127.0.0.1.attacker.example',
    'localhost.attacker.example',
    '::ffff:localhost',
    '[::2]',
    '10.0.0.1',
    '',
  ])
    assert.equal(isLoopbackHost(h), false, h)
})

const ALL_CONTROLS = [...Array.from({ length: 0x20 }, (_, i) => i), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)].map((c) =>
  String.fromCharCode(c),
)

test('replaceControls: every C0/C1 control and DEL replaced, one for one or one per run', () => {
  for (const c of ALL_CONTROLS) assert.equal(replaceControls(`a${c}b`, '?'), 'a?b', c.charCodeAt(0).toString(16))
  assert.equal(replaceControls('a\r\n\u001b[2Jb', ' '), 'a   [2Jb')
  assert.equal(replaceControls('a\r\n\u001b[2Jb\t\tc', ' ', true), 'a [2Jb c')
  // only C0/C1: printable text, bidi overrides and separators are not its business
  assert.equal(replaceControls('é ü \u202e \u2028 ~', '?'), 'é ü \u202e \u2028 ~')
})

test('stripControls: report text keeps tabs and newlines, loses every other control and the bidi overrides', () => {
  assert.equal(stripControls('line1\n\tline2'), 'line1\n\tline2')
  for (const c of ALL_CONTROLS.filter((c) => c !== '\t' && c !== '\n'))
    assert.equal(stripControls(c), '\uFFFD', c.charCodeAt(0).toString(16))
  for (const c of ['\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069']) assert.equal(stripControls(`x${c}y`), 'x\uFFFDy')
  assert.equal(stripControls('\u001b]0;pwned\u0007'), '\uFFFD]0;pwned\uFFFD')
  assert.equal(stripControls('ünïcödé ok'), 'ünïcödé ok')
})

test('escapeControls: a terminal line shows every control as a visible escape, nothing obeyed', () => {
  assert.equal(escapeControls('a\nb'), 'a\\x0ab')
  assert.equal(escapeControls('\u001b[2J\r\t\u007f\u009b'), '\\x1b[2J\\x0d\\x09\\x7f\\x9b')
  assert.equal(escapeControls('x\u2028y\u2029z\u202ew\u2066v'), 'x\\u2028y\\u2029z\\u202ew\\u2066v')
  for (const c of ALL_CONTROLS) assert.doesNotMatch(escapeControls(c), /[\u0000-\u001f\u007f-\u009f]/)
  assert.equal(escapeControls('plain ünïcödé'), 'plain ünïcödé')
})
