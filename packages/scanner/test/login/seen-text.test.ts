// The forms of a page's text the screenshot check searches for secrets, and the letters it refuses.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { domainToASCII } from 'node:url'
import { Redactor } from '../../src/http/redact.js'
import { drawnDateFields } from '../../src/login/browser/screenshot.js'
import { drawnEmail, lookAlikeLetters, MIXED_WORK, mixedReadings, seenForms, type MixedReading } from '../../src/login/browser/seen-text.js'

const sid = 's3f9a0c1d2e4b'

describe('the text a picture shows, as a reader sees it', () => {
  test('mathematical, full-width and circled letters, marks and invisible joiners fold to the ASCII id', () => {
    const math = [...sid].map((c) => String.fromCodePoint(/[0-9]/.test(c) ? 0x1d7ce + Number(c) : 0x1d41a + c.charCodeAt(0) - 97)).join('')
    const full = [...sid].map((c) => String.fromCodePoint(c.charCodeAt(0) + 0xfee0)).join('')
    for (const shown of [
      math,
      full,
      `${sid.slice(0, 4)}\u0323${sid.slice(4)}`,
      `${sid.slice(0, 4)}\u2060\u200b${sid.slice(4)}`,
      sid.replace('1', '\u2460'),
    ])
      assert.ok(
        seenForms(`Signed in ${shown}`).some((f) => f.includes(sid)),
        JSON.stringify(shown),
      )
  })

  test('a reversed string (drawn in reading order by a right-to-left override) is searched reversed', () => {
    assert.ok(seenForms(`\u202e${[...sid].reverse().join('')}\u202c`).some((f) => f.includes(sid)))
  })

  test('a letter outside the Latin alphabet is refused; accented Latin letters and symbols are not', () => {
    assert.equal(lookAlikeLetters(`\u0455${sid.slice(1)}`), true, 'Cyrillic dze')
    assert.equal(lookAlikeLetters('Signed in as \u03bflga'), true, 'Greek omicron')
    assert.equal(lookAlikeLetters('Signed in as \u0131lker'), true, 'dotless i')
    assert.equal(lookAlikeLetters('Signed in as Zoë Müller — 12 € ✓ “ok” © 2026'), false)
  })
})

describe('r23u: what draws nothing, what an e-mail field draws, Latin letters that do not decompose', () => {
  test('a character that draws nothing inside the id is dropped, whichever class it is in (M2)', () => {
    for (const c of [
      '\ufff9',
      '\ufffa',
      '\ufffb',
      '\u034f',
      '\u061c',
      '\ufe0f',
      '\u{e0020}',
      '\u180e',
      '\u3164',
      '\u0001',
      '\ue000',
      '\ud800',
    ])
      assert.ok(
        seenForms(`Signed in ${sid.slice(0, 6)}${c}${sid.slice(6)}`).some((f) => f.includes(sid)),
        `U+${c.codePointAt(0)!.toString(16)}`,
      )
  })

  test('the letters and digits of the text are searched joined, across what is drawn between them', () => {
    assert.ok(seenForms(`id: ${sid.slice(0, 6)}\u200a${sid.slice(6, 9)} ${sid.slice(9)}`).some((f) => f.includes(sid)))
  })

  test("an e-mail field's punycode domain is checked as drawn, in Unicode, where the accented id folds to the id (M1)", () => {
    const value = `a@${domainToASCII(`\u015b${sid.slice(1)}.com`)}`
    assert.ok(!seenForms(value).some((f) => f.includes(sid)), 'the punycode value alone hides the id')
    assert.equal(drawnEmail(value), `a@\u015b${sid.slice(1)}.com`)
    assert.ok(seenForms(drawnEmail(value)).some((f) => f.includes(sid)))
    assert.equal(drawnEmail('a@example.com,b@xn--caf-dma.example'), 'a@example.com,b@caf\u00e9.example')
  })

  test('ß, ø, æ, œ, ł, đ, ħ, þ, ð and µ pass as Latin letters (L1), and are read as the ASCII they can pass for in a secret', () => {
    assert.equal(lookAlikeLetters('Straße, groß; Søren Ærø; Łódź, Đurđević; Þórður, Ħal; 12 µs; cœur'), false)
    assert.ok(
      seenForms(`${sid.replace('0', '\u00f8')}`).some((f) => f.includes(sid)),
      'ø for the digit 0',
    )
    assert.ok(
      seenForms('pa\u00dfword').some((f) => f.includes('password')),
      'ß for ss',
    )
    assert.ok(
      seenForms('\u0142ength').some((f) => f.includes('length')),
      'ł for l',
    )
    assert.equal(lookAlikeLetters('Signed in as \u0131lker'), true, 'dotless i stays refused')
  })
})

describe('r23z M1: each undecomposed Latin letter stands for any of its readings at its own place', () => {
  // what the screenshot check decides: the redactor's search over the forms, then the per-position reading
  const shows = (text: string, add: (r: Redactor) => void): boolean => {
    const r = new Redactor()
    add(r)
    const mixed = mixedReadings(text)
    return seenForms(text).some((f) => r.check(f) === 'secret') || r.someSecret((s) => mixed.shows(s))
  }

  test('an id drawn with ð for d and Ø for 0, and a password drawn with ð for d and ø for 0, are found', () => {
    const id = 'sfd18fa21bbee40919ccf2cb944144749'
    assert.ok(
      shows('alice\n\nsf\u00f018fa21bbee4\u00d8919ccf2cb944144749', (r) => r.addSecret(id)),
      'the session id with ð for d and Ø for 0 was not found',
    )
    assert.ok(
      shows('Signed in as alice\n\u00f0\u00f8gHunter2-secret', (r) => r.addPassword('d0gHunter2-secret')),
      'the password with ð for d and ø for 0 was not found',
    )
  })

  // every letter's readings, from the table the check documents (seen-text.ts READ_AS and ALSO_READ)
  const readings: [string, string[]][] = [
    ['\u00df', ['ss', 'B']],
    ['\u1e9e', ['SS', 'B']],
    ['\u00e6', ['ae']],
    ['\u00c6', ['AE']],
    ['\u0153', ['oe']],
    ['\u0152', ['OE']],
    ['\u00f8', ['o', '0']],
    ['\u00d8', ['O', '0']],
    ['\u0142', ['l']],
    ['\u0141', ['L']],
    ['\u0111', ['d']],
    ['\u0110', ['D']],
    ['\u0127', ['h']],
    ['\u0126', ['H']],
    ['\u00fe', ['th', 'p']],
    ['\u00de', ['TH', 'P']],
    ['\u00f0', ['d', 'o']],
    ['\u00d0', ['D']],
    ['\u0167', ['t']],
    ['\u0166', ['T']],
    ['\u0180', ['b']],
    ['\u00b5', ['u']],
  ]
  const pairs = readings.flatMap(([a, as]) => as.map((ra) => [a, ra] as const))

  test('any two readings mixed in one secret, each letter drawn in place of its own, are found', () => {
    for (const [a, ra] of pairs)
      for (const [b, rb] of pairs) {
        const secret = `k7${ra}q9z${rb}w3`
        assert.ok(
          shows(`Signed in as alice: k7${a}q9z${b}w3.`, (r) => r.addSecret(secret)),
          `${a} as ${ra} with ${b} as ${rb} in ${secret}`,
        )
      }
  })

  test('a letter is not read as what it cannot pass for, so the reading does not find every secret', () => {
    const mixed = mixedReadings('Signed in as k7\u00f0q9z\u00f8w3')
    assert.equal(mixed.shows('k7dq9z0w3'), true)
    assert.equal(mixed.shows('k7xq9z0w3'), false, 'ð is not x')
    assert.equal(mixed.shows('k7dq9z1w3'), false, 'ø is not 1')
  })

  test('German, Danish, Norwegian, Polish and Icelandic text with no secret in it keeps its picture', () => {
    const text =
      'Straße, Größe, Maß; Søren Ærø bor på Nørrebro, rødgrød med fløde; Łódź, Gdańsk, źdźbło, Łukasz; Þórður Guðmundsson; 12 µs; Œuvre, cœur'
    const secrets = ['sfd18fa21bbee40919ccf2cb944144749', 's3f9a0c1d2e4b', 'd0gHunter2-secret', 'Tr0ub4dor&3']
    assert.equal(lookAlikeLetters(text), false)
    assert.equal(
      shows(text, (r) => {
        r.addSecret(secrets[0])
        r.addSecret(secrets[1])
        r.addPassword(secrets[2]!)
        r.addPassword(secrets[3]!)
      }),
      false,
    )
  })
})

describe('r23z M1: the per-position reading is bounded', () => {
  test('a page with these letters everywhere, searched for many secrets, is withheld once the work is spent', () => {
    const text = 'Straße Søren Ærø 0123 deadbeef '.repeat(40_000)
    const mixed = mixedReadings(text)
    let asked = 0
    while (!mixed.withheld && asked < 1000) {
      assert.equal(mixed.shows(`${asked.toString(16).padStart(8, '0')}deadbeefd0d0d0d0feed`), false)
      asked++
    }
    assert.equal(mixed.withheld, true, `not withheld after ${asked} secrets`)
    assert.ok(asked > 1 && asked * text.length >= MIXED_WORK / 8, `withheld after ${asked} secrets, before the work was spent`)
    assert.equal(mixed.shows('d0d0'), false, 'no search once withheld')
  })
})

// what the screenshot check decides for a password drawn on the page (screenshot.ts checkAndCapture)
const pictureRefused = (text: string, secret: string, kind: 'password' | 'id' = 'password'): boolean => {
  const r = new Redactor()
  if (kind === 'password') r.addPassword(secret)
  else r.addSecret(secret)
  return seenForms(text).some((f) => r.check(f) === 'secret') || r.someSecret((s) => readPerPosition(text, s)) || lookAlikeLetters(text)
}
// (the per-position reading once left a text without look-alike letters to the other forms: no reading at all)
const readPerPosition = (text: string, secret: string): boolean => {
  const mixed: MixedReading | undefined = mixedReadings(text)
  return mixed?.shows(secret) === true
}

describe('r24r F3, F5: a secret is read by its letters and digits, whatever is drawn between them', () => {
  test('a short password (under 8 letters and digits) with its dash drawn as a look-alike, a space or nothing', () => {
    for (const [password, shown] of [
      ['Tr0ub4-x!', 'Tr0ub4\u2010x!'],
      ['P@ss-w0rd', 'P@ss\u2212w0rd'],
      ['Tr0ub4-x!', 'Tr0ub4 x!'],
      ['Tr0ub4-x!', 'Tr0ub4x!'],
      ['P@ss-w0rd', 'P\uff20ss\u2013w0rd'],
      ["it's-ok-1", 'it\u2019s\u2011ok\u2012 1'],
      ['a.b_c-d9', 'a\u2024b\uff3fc\u2e3ad9'],
    ] as const)
      assert.ok(pictureRefused(`Signed in as alice. ${shown}`, password), `${password} drawn as ${JSON.stringify(shown)}`)
  })

  test('a password needing two readings of look-alike letters at once, its dashes drawn otherwise, at any length', () => {
    for (const shown of ['\u00fe\u00f0\u2010Hunter2\u2010x', '\u00fe\u00f0 Hunter2 x', '\u00fe\u00f0Hunter2x'])
      assert.ok(pictureRefused(`Welcome ${shown}`, 'pd-Hunter2-x'), JSON.stringify(shown))
    assert.ok(pictureRefused('Welcome \u00df\u00f0\u00f8k shelf\u20132024', 'Bo0k-shelf-2024'))
  })

  test('a page whose words hold none of the secrets keeps its picture: dashes, quotes and spaces of every kind', () => {
    const text =
      'Welcome back, alice \u2014 \u201cquotes\u201d \u2018single\u2019 \u2026 \u2022 \u00a9 \u00ae \u2122 \u20ac 12\u201314 \u2212 3; Stra\u00dfe \u00b5s; 2026-12-07 13:37'
    for (const secret of ['Tr0ub4-x!', 'P@ss-w0rd', 'pd-Hunter2-x', 'Mango-Tree7'])
      assert.equal(pictureRefused(text, secret), false, secret)
    assert.equal(pictureRefused(text, 'd0c4fe3b9a8d71e2f05b6c3a', 'id'), false)
  })
})

describe('r24r F6: what CSS draws upper- or lower-cased', () => {
  test('the micro sign is read as the M its capital (a Greek mu) is drawn as', () => {
    assert.ok(pictureRefused('Welcome \u00b5ango-tree7', 'Mango-Tree7'))
    assert.ok(pictureRefused('Welcome \u00b5ANGO-TREE7', 'mango-tree7'))
  })

  // what a form the check refuses (outside Latin) is drawn as, when a letter the check passes is cased to it
  const DRAWN_AS: Record<string, string> = { '\u039c': 'm' }

  test('every character the check passes reads, upper- or lower-cased, as what its cased form is drawn as', () => {
    const missed: string[] = []
    for (let cp = 0x80; cp < 0x30000; cp++) {
      if (cp >= 0xd800 && cp < 0xe000) continue
      const c = String.fromCodePoint(cp)
      if (c.toUpperCase() === c && c.toLowerCase() === c) continue
      if (lookAlikeLetters(c)) continue
      for (const cased of new Set([c.toUpperCase(), c.toLowerCase()])) {
        if (cased === c) continue
        const drawn = lookAlikeLetters(cased) ? DRAWN_AS[cased] : seenForms(cased)[1]!.replace(/[^\p{L}\p{N}]/gu, '')
        if (drawn === undefined) missed.push(`${c} U+${cp.toString(16)} cased ${cased}: refused, yet ${c} is not`)
        else if (drawn && !readPerPosition(c, drawn)) missed.push(`${c} U+${cp.toString(16)} cased ${cased} (${drawn}) not read`)
      }
    }
    assert.deepEqual(missed, [])
  })
})

describe('r24r F7: a character is read as every letter it is drawn as, not only as what it folds to', () => {
  const id = 'd0c4fe3b9a8d71e2f05b6c3a'
  test('the long s (drawn as an f without its right half) reads as f as well as s; its ligature with t too', () => {
    assert.ok(pictureRefused('Welcome d0c4\u017fe3b9a8d71e2\u017f05b6c3a', id, 'id'))
    assert.ok(pictureRefused('Welcome d0c4\u1e9be3b9a8d71e2\u017f05b6c3a', id, 'id'), 'with a dot above')
    assert.ok(pictureRefused('Welcome Mango-\ufb05ree7', 'Mango-ftree7'))
    assert.ok(pictureRefused('Welcome \u017f\u00f0-x1y2', 'sd-x1y2'), 'and as s')
  })

  test('a letter or digit under an overlay mark (O with U+0338 is drawn \u00d8) gets no picture', () => {
    assert.ok(pictureRefused('Welcome dO\u0338c4fe3b9a8d71e2fO\u03385b6c3a', id, 'id'))
    assert.ok(pictureRefused('Welcome do\u0338c4fe3b9a8d71e2fo\u03385b6c3a', id, 'id'))
    assert.ok(lookAlikeLetters('\uff2f\u20d2'), 'a full-width O under a long vertical overlay')
    assert.equal(lookAlikeLetters('a \u2260 b, x \u226e y, 1\ufe0f\u20e3'), false, 'a negated sign, a keycap: no letter under an overlay')
  })
})

describe('r24r F4: a date or time field is read as it draws its value', () => {
  // the shape DevTools' DOM.getDocument (pierce) gives for <input type=date value=2026-12-07> in an en-US Chromium
  const field = (type: string, drawn: string[]) => ({
    nodeType: 1,
    nodeName: 'INPUT',
    attributes: ['TYPE', ` ${type} `, 'value', 'x'],
    shadowRoots: [
      {
        nodeType: 11,
        nodeName: '#document-fragment',
        shadowRootType: 'user-agent',
        children: [
          {
            nodeType: 1,
            nodeName: 'DIV',
            children: drawn.map((t) => ({ nodeType: 1, nodeName: 'SPAN', children: [{ nodeType: 3, nodeValue: t }] })),
          },
        ],
      },
    ],
  })
  test('the text its own shadow tree draws (12/07/2026 for 2026-12-07), in frames too; a password field is not read', () => {
    const root = {
      nodeType: 9,
      children: [
        {
          nodeType: 1,
          nodeName: 'BODY',
          children: [field('date', ['12', '/', '07', '/', '2026']), field('password', ['hunter2']), field('text', ['plain'])],
        },
        { nodeType: 1, nodeName: 'IFRAME', contentDocument: { nodeType: 9, children: [field('Month', ['December', '2026'])] } },
      ],
    }
    assert.deepEqual(drawnDateFields(root), ['12/07/2026', 'December2026'])
    assert.ok(pictureRefused(`Welcome\n${drawnDateFields(root).join('\n')}`, '12072026'))
  })
})
