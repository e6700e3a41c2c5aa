// r23j H2, M1 and M2: the bytes the browser of a browser login posts a password in from a page in a
// legacy charset, as that browser encoded them (login/browser/posted-bytes.ts asks Chromium itself),
// bring their own forms: percent-encoded, base64 (alone or inside a longer blob, either alphabet,
// with or without padding), hex in either case, quoted-printable, and the raw bytes as the recorded body shows them
// (read as UTF-8, a U+FFFD for each byte that is not). The bytes below are what Chromium 156 posted
// for each password from a form in that charset (the browser tests check them against a real post).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Redactor } from '../../src/http/redact.js'

interface Posted {
  charset: string
  password: string
  /** The password's bytes in the charset, as Chromium posted them. */
  hex: string
}

const POSTED: Posted[] = [
  { charset: 'windows-1251', password: 'Пароль-Секрет-9', hex: 'cfe0f0eeebfc2dd1e5eaf0e5f22d39' },
  { charset: 'windows-1251', password: 'Horse-Battery-Ж9', hex: '486f7273652d426174746572792dc639' },
  // Big5 十 and 卅: WHATWG's encoder takes the last of their two pointers, Node's decoder the first
  { charset: 'big5', password: '我的密碼十號-2026', hex: 'a7daaabab14bbd58a451b8b92d32303236' },
  { charset: 'big5', password: '卅年密碼-Horse', hex: 'a4caa67eb14bbd582d486f727365' },
  // Shift_JIS ¥ ‾ − (as 5C, 7E and U+FF0D's 817C) and an IBM extension kanji (FA63, not its NEC ED/EE pair)
  { charset: 'shift_jis', password: 'パスワード¥2026', hex: '83708358838f815b83685c32303236' },
  { charset: 'shift_jis', password: 'パスワード‾7', hex: '83708358838f815b83687e37' },
  { charset: 'shift_jis', password: 'パスワード−7', hex: '83708358838f815b8368817c37' },
  { charset: 'shift_jis', password: '昱パスワード-7', hex: 'fa6383708358838f815b83682d37' },
  // EUC-KR's extended Hangul (UHC), which Node's decoder lacks
  { charset: 'euc-kr', password: '똠방각하-2026', hex: '8c63b9e6b0a2c7cf2d32303236' },
  // KOI8-U ў, which Node decodes as a box-drawing character
  { charset: 'koi8-u', password: 'Прывітанне-ў-9', hex: 'f0d2d9d7a6d4c1cecec52dae2d39' },
  // gb18030's € is A2E3 (only GBK writes it 80)
  { charset: 'gb18030', password: 'Pass€word-9', hex: '50617373a2e3776f72642d39' },
  // GB18030's four-byte sequences (Hangul, a character past U+FFFF)
  { charset: 'gb18030', password: '똠방각하-2026', hex: '8239d6378330f3328237cf36833683392d32303236' },
  { charset: 'gb18030', password: '𠀀Pass-word', hex: '95328236506173732d776f7264' },
  // ISO-2022-JP: escapes into JIS X 0208, back to ASCII around '-', into JIS X 0201 Roman for ¥ (where
  // 'a' stays) and out of it for '~'
  { charset: 'iso-2022-jp', password: 'パス-ワード¥a~9', hex: '1b2442255125391b28422d1b2442256f213c25491b284a5c611b28427e39' },
]

/** As Chromium form-urlencodes bytes: letters, digits and *-._ as they are, space as '+', the rest %XX. */
function formEncoded(bytes: Buffer): string {
  return [...bytes]
    .map((b) =>
      /[A-Za-z0-9*\-._]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : b === 0x20
          ? '+'
          : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('')
}

/** Every way the test shows the bytes: each with the text around it that a target would write. */
function shown(bytes: Buffer): Record<string, string> {
  const b64 = bytes.toString('base64')
  const blob = (prefix: string): string => Buffer.concat([Buffer.from(prefix), bytes, Buffer.from('&go=1')]).toString('base64')
  return {
    urlencoded: `user=alice&password=${formEncoded(bytes)}&go=1`,
    base64: `<p>debug: ${b64}</p>`,
    'base64 unpadded': `<p>debug: ${b64.replace(/=+$/, '')}</p>`,
    base64url: `<p>debug: ${bytes.toString('base64url')}</p>`,
    'base64 of the whole body (offset 0)': `<p>${blob('password=')}</p>`,
    'base64 of the whole body (offset 1)': `<p>${blob('user=a&password=')}</p>`,
    'base64 of the whole body (offset 2)': `<p>${blob('u=a&password=')}</p>`,
    'base64 of an urlencoded body': `<p>${Buffer.from(`user=alice&password=${formEncoded(bytes)}`).toString('base64')}</p>`,
    hex: `<p>debug: ${bytes.toString('hex')}</p>`,
    HEX: `<p>debug: ${bytes.toString('hex').toUpperCase()}</p>`,
    'quoted-printable': `Content-Transfer-Encoding: quoted-printable\r\n\r\npassword=${[...bytes].map((b) => (b >= 33 && b <= 126 && b !== 61 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('')}\r\n`,
    // the recorded body of a multipart form: Playwright's postData() reads the bytes as UTF-8
    multipart: Buffer.concat([
      Buffer.from('--b\r\nContent-Disposition: form-data; name="password"\r\n\r\n'),
      bytes,
      Buffer.from('\r\n--b--\r\n'),
    ]).toString('utf8'),
    'text/plain': Buffer.concat([Buffer.from('username=alice\r\npassword='), bytes, Buffer.from('\r\n')]).toString('utf8'),
  }
}

/** The part of each password that is in clear when a form of it is missed: its ASCII runs of 3 or more (or all of it). */
function clues(password: string): string[] {
  return [password, ...(password.match(/[\x20-\x7e]{3,}/g) ?? [])]
}

test('each form of the bytes a browser posted a password in from a legacy-charset page is masked: percent, base64 (alone, in a longer blob, url-safe, unpadded), hex, quoted-printable and the raw bytes of a multipart or text/plain body', () => {
  for (const p of POSTED) {
    const bytes = Buffer.from(p.hex, 'hex')
    const r = new Redactor()
    r.addPostedPassword(p.password, [bytes])
    for (const [how, text] of Object.entries(shown(bytes))) {
      const out = r.text(text)
      assert.ok(out.includes('********'), `${p.charset} ${p.password} ${how}: not masked: ${out}`)
      // none of the password's ASCII part stays around the mask (M2: 'Horse-Battery-' around a U+FFFD)
      for (const clue of clues(p.password)) assert.ok(!out.includes(clue), `${p.charset} ${p.password} ${how}: '${clue}' in ${out}`)
      assert.ok(!out.includes(bytes.toString('hex')) && !out.includes(bytes.toString('base64').slice(2, -2)), `${how}: ${out}`)
    }
  }
})

test('the reviewed windows-1251 reflections are masked: base64 z+Dw7uv8LdHl6vDl8i05 and hex of Пароль-Секрет-9, Horse-Battery-Ж9 in a multipart body', () => {
  const r = new Redactor()
  r.addPostedPassword('Пароль-Секрет-9', [Buffer.from('cfe0f0eeebfc2dd1e5eaf0e5f22d39', 'hex')])
  r.addPostedPassword('Horse-Battery-Ж9', [Buffer.from('486f7273652d426174746572792dc639', 'hex')])
  assert.equal(r.text('<p>debug: z+Dw7uv8LdHl6vDl8i05</p>'), '<p>debug: ********</p>')
  assert.equal(r.text('<p>debug: cfe0f0eeebfc2dd1e5eaf0e5f22d39</p>'), '<p>debug: ********</p>')
  assert.equal(
    r.text('--b\r\nContent-Disposition: form-data; name="password"\r\n\r\nHorse-Battery-\ufffd9\r\n--b--'),
    '--b\r\nContent-Disposition: form-data; name="password"\r\n\r\n********\r\n--b--',
  )
})

test('without the bytes the browser posted, those forms stay in clear (they come from the posted bytes, not from the password alone)', () => {
  // the control of the tests above: addPassword alone derives no legacy charset
  const r = new Redactor()
  r.addPassword('Пароль-Секрет-9')
  assert.equal(r.text('<p>debug: z+Dw7uv8LdHl6vDl8i05</p>'), '<p>debug: z+Dw7uv8LdHl6vDl8i05</p>')
})

test('what the posted bytes are not stays: the same bytes with one changed, and replacement characters alone', () => {
  const r = new Redactor()
  const bytes = Buffer.from('cfe0f0eeebfc2dd1e5eaf0e5f22d39', 'hex')
  r.addPostedPassword('Пароль-Секрет-9', [bytes])
  const other = Buffer.from(bytes)
  other[other.length - 1] = 0x38
  for (const text of [other.toString('base64'), other.toString('hex'), `p=${formEncoded(other)}`]) assert.equal(r.text(text), text)
  // a password all of whose bytes read as U+FFFD leaves nothing to search for in that reading: a run of
  // replacement characters elsewhere (a binary body) is not taken for it
  const cyrillic = new Redactor()
  cyrillic.addPostedPassword('Пароль', [Buffer.from('cfe0f0eeebfc', 'hex')])
  assert.equal(cyrillic.text('\ufffd'.repeat(6)), '\ufffd'.repeat(6))
})
