// Quoted-printable as a second reading of a text (secret-forms.ts Escapes), searched beside the first:
// a secret written in it is masked, and nothing the first reading found is lost (r23j H1).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import { Redactor, mask } from '../../src/http/redact.js'
import { decodedLevels } from '../../src/http/secret-forms.js'

const PASSWORD = 'Password-Horse-9'
const ID = 'e5Kq+9vT/xZ2mN8pQ4rL7wY1=='

/** Every byte of `s` as =XX (valid quoted-printable, printable bytes included). */
const everyByte = (s: string): string => [...Buffer.from(s)].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')

test('a password written in quoted-printable is masked: printable characters as =XX in either case, soft line breaks inside it, UTF-8 and windows-1252 bytes', () => {
  const r = new Redactor()
  r.addPassword(PASSWORD)
  r.addPassword('Grüße-Sommer')
  r.addPassword('ab=41cd-x')
  r.addSecret(ID)
  const shown: Array<[string, string]> = [
    ['P=61ssw=6Frd-Horse-9', '********'],
    [`x ${everyByte(PASSWORD)} y`, 'x ******** y'],
    [everyByte(PASSWORD).toLowerCase(), '********'],
    // soft line breaks: '=' then CRLF, LF, or spaces an encoder left before the line end
    ['Passw=\r\nord-Horse-9', '********'],
    ['Passw=\nord-Horse-9', '********'],
    ['Passw= \t\r\nord-Horse-9', '********'],
    ['P=\r\n=61ss=\r\nword-Hor=73e-9 and more', '******** and more'],
    // the bytes of one UTF-8 character on both sides of a soft line break; windows-1252 bytes
    ['Gr=C3=BC=C3=9Fe-Sommer', '********'],
    ['Gr=C3=\r\n=BC=C3=9Fe-Sommer', '********'],
    ['Gr=FC=DFe-Sommer', '********'],
    // '=' in the password: written =3D by quoted-printable, and as itself, which only the first reading finds
    ['pw: ab=3D41cd-x.', 'pw: ********.'],
    ['pw: ab=41cd-x.', 'pw: ********.'],
    // an id, its '=' padding as =3D
    [`sid=${ID.replace(/=/g, '=3D')}; more`, `sid=${mask(ID)}; more`],
  ]
  for (const [text, expected] of shown) assert.equal(r.text(text), expected, JSON.stringify(text))
  // what is no secret is kept as it stands, '=XX' and soft line breaks included
  for (const text of ['a=12&b=ff&c=\r\nd', 'P=61ssw=6Frd-Horse-8', 'Passw=\r\nord-Horse-8']) assert.equal(r.text(text), text)
})

test('the quoted-printable reading comes beside the first one: a form-encoded password starting with two hex digits is still found', () => {
  const r = new Redactor()
  r.addPassword('Be@ch-House-2026')
  r.addSecret(ID)
  assert.equal(r.text(`username=alice&password=${encodeURIComponent('Be@ch-House-2026')}`), 'username=alice&password=********')
  assert.equal(r.text(`/account?sid=${encodeURIComponent(ID)}&x=1`), `/account?sid=${mask(ID)}&x=1`)
  // both readings in one text: the union of what each found is masked
  assert.equal(r.text(`password=Be%40ch-House-2026 then ${everyByte('Be@ch-House-2026')}`), 'password=******** then ********')
  assert.equal(r.check(`raw ${everyByte('Be@ch-House-2026')}`), 'secret')
})

test('quoted-printable inside another escape is read too: percent-encoded, as HTML references, with its soft line breaks escaped in a JSON string', () => {
  const r = new Redactor()
  r.addPassword(PASSWORD)
  const shown: Array<[string, string]> = [
    [`Content: ${everyByte(PASSWORD).replace(/=/g, '%3D')}.`, 'Content: ********.'],
    [encodeURIComponent('Passw=\r\nord-Horse-9'), '********'],
    ['&#61;50&#x3d;61ssword-Horse-9', '********'],
    [JSON.stringify({ mail: 'Passw=\r\nord-Horse-9', n: 1 }), '{"mail":"********","n":1}'],
  ]
  for (const [text, expected] of shown) assert.equal(r.text(text), expected, JSON.stringify(text))
  // what is no secret stays: a percent-encoded query holding '=' and hex digits
  assert.equal(r.text('next=%2Fhome%3Fa%3D12%26b%3Dff'), 'next=%2Fhome%3Fa%3D12%26b%3Dff')
})

test('the quoted-printable reading maps each decoded character back to the escape or soft line break it came from', () => {
  assert.deepEqual(decodedLevels('plain text, a = b, =G1', false, { qp: true }), [])
  const qp = decodedLevels('a=3D=\r\nb=C3=BCc', false, { qp: true })[0]!
  assert.equal(qp.text, 'a=büc')
  // 'a' at 0; '=' from '=3D' [1,4); the soft line break [4,7) gives nothing; 'b' at 7; 'ü' from its two bytes [8,14); 'c' at 14
  assert.deepEqual([...qp.starts], [0, 1, 7, 8, 14])
  assert.deepEqual([...qp.ends], [1, 4, 8, 14, 15])
})

test('property: a printable password in quoted-printable, any of its bytes as =XX in either case and soft line breaks anywhere between them, is masked in any surroundings', () => {
  const printable = fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: 8,
    maxLength: 24,
  })
  // surroundings in quoted-printable too: a raw '=' before hex digits would be an escape there, so '=' is =3D
  const around = fc
    .array(fc.constantFrom(...'ab \r\n<>&%:;0F'.split(''), '=3D', '=\r\n', '=C3=BC'), { maxLength: 8 })
    .map((a) => a.join(''))
  fc.assert(
    fc.property(
      printable,
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 24, maxLength: 24 }),
      around,
      around,
      (password, how, pre, post) => {
        // each byte: 0 as itself (when quoted-printable allows it), 1 as =XX, 2 as =xx, 3 as =XX after a soft line break
        const written = [...Buffer.from(password)]
          .map((b, i) => {
            const h = b.toString(16).toUpperCase().padStart(2, '0')
            const way = b === 0x3d ? Math.max(1, how[i]!) : how[i]!
            return way === 0 ? String.fromCharCode(b) : way === 1 ? `=${h}` : way === 2 ? `=${h.toLowerCase()}` : `=\r\n=${h}`
          })
          .join('')
        const r = new Redactor()
        r.addPassword(password)
        const shown = r.text(`${pre}${written}${post}`)
        assert.ok(!shown.includes(written) && !shown.includes(password), `${JSON.stringify(written)} → ${JSON.stringify(shown)}`)
        assert.ok(shown.includes('********'), shown)
      },
    ),
    { numRuns: propertyRuns(500) },
  )
})

test('a long text full of quoted-printable escapes and soft line breaks is read in full, nothing withheld and nothing changed', () => {
  const r = new Redactor()
  r.addPassword(PASSWORD)
  for (let i = 0; i < 50; i++) r.addSecret(`id-${i}-0123456789abcdef${i}`)
  for (const unit of ['=C3', '=F0=9F=98', '=\r\n', '=3D3D41', 'a=12&', '=  ']) {
    const text = unit.repeat(Math.ceil(100_000 / unit.length))
    assert.equal(r.text(text), text, unit)
  }
  assert.equal(r.withheld, 0)
  // the same text with the password at its end, written in quoted-printable
  assert.equal(r.text(`${'=C3'.repeat(30_000)} ${everyByte(PASSWORD)}`), `${'=C3'.repeat(30_000)} ********`)
})
