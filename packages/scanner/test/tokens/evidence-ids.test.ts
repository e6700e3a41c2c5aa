// Issue 23, review r23y (Y-M8): each sampled id is a secret, and the report's token evidence must not
// give one back in any form: not as given, not its varying part, not the number it decodes to in any
// base, not the input a digest of it was made from, not its time to the millisecond. The statistics and
// the relations between ids (differences, shared prefixes, equal pairs) are the proof, and stay.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { analyzeTokens, type CompleteTokenAnalysis } from '../../src/tokens/index.js'
import { digest, randomToken, times, uuidV1Generator } from './generators.js'

const NOW = Date.now()

const SAMPLES: Record<string, () => string[]> = {
  'decimal counter': () => times(400, (i) => String(9_104_729_311 + 7 * i)),
  'hex counter': () => times(400, (i) => (0x5f3a_91c0_de44 + i).toString(16)),
  'timestamp in ms': () => times(400, (i) => String(NOW - 2000 + i * 3)),
  'timestamp in s with a random tail': () =>
    times(
      400,
      (i) =>
        (Math.floor(NOW / 1000) + Math.floor(i / 200)).toString(16) + randomToken(64, 'hex').slice(0, 10) + i.toString(16).padStart(6, '0'),
    ),
  'md5 of a counter': () => times(400, (i) => digest('md5', String(1042 + i))),
  'uuid v1': () => {
    const gen = uuidV1Generator()
    return times(400, () => gen.next())
  },
  'repeated ids': () => {
    const pool = times(40, () => randomToken(128, 'hex'))
    return times(400, (i) => pool[i % 40]!)
  },
  'drifting prefix': () => times(400, (i) => (0x1000_0000 + i * 4099).toString(16).padStart(12, '0') + randomToken(64, 'hex')),
  'Math.random digits': () => times(1500, () => Math.random().toString(36).substring(2, 15)),
}

/** Every form of a sampled id the evidence could give it back in: itself, its runs of 8, its number in bases 10 and 16. */
function forms(token: string): string[] {
  const out = new Set<string>()
  for (let i = 0; i + 8 <= token.length; i++) out.add(token.slice(i, i + 8))
  for (const [re, base] of [
    [/^[0-9]+$/, 10],
    [/^[0-9a-f]+$/i, 16],
  ] as const) {
    if (!re.test(token)) continue
    const n = base === 16 ? BigInt(`0x${token}`) : BigInt(token)
    for (const s of [n.toString(10), n.toString(16)]) for (let i = 0; i + 8 <= s.length; i++) out.add(s.slice(i, i + 8))
  }
  return [...out]
}

for (const [name, make] of Object.entries(SAMPLES)) {
  test(`token evidence of ${name} gives no sampled id back in any form`, () => {
    const tokens = make()
    const a = analyzeTokens(tokens, { now: new Date(NOW) }) as CompleteTokenAnalysis
    assert.equal(a.status, 'analysed')
    const fired = a.detections.filter((d) => d.fired)
    const text = fired.flatMap((d) => [d.summary, ...d.evidence]).join('\n')
    // the detector fired (the test looked where the ids would be) and its proof is there
    assert.ok(fired.length > 0 && text.length > 0, `${name}: ${a.detections.map((d) => d.summary).join('; ')}`)
    const leaks = new Set<string>()
    for (const t of tokens) for (const f of forms(t)) if (text.includes(f)) leaks.add(f)
    // a digest's input is the id given back (hash it again)
    if (name.startsWith('md5')) for (let i = 0; i < tokens.length; i++) if (text.includes(`'${1042 + i}'`)) leaks.add(`input ${1042 + i}`)
    assert.deepEqual([...leaks].slice(0, 5), [], text)
  })
}
