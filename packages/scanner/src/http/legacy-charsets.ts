// The bytes a browser posts a form in when its page declares a legacy charset (`<meta charset=
// windows-1251>`, `Shift_JIS`…): the page chooses, so a hostile target makes the scanner's own login
// request carry the password as percent bytes of any of them, which the redaction's decoder reads
// as UTF-8 or windows-1252 (neither is the password). The encoders are the decoders' tables read
// backwards (Node has decoders for every WHATWG legacy encoding, no encoders), built on first use.

/** WHATWG's single-byte legacy encodings, windows-1252 aside (derived-forms.ts has it). */
const SINGLE_BYTE = [
  'ibm866',
  'iso-8859-2',
  'iso-8859-3',
  'iso-8859-4',
  'iso-8859-5',
  'iso-8859-6',
  'iso-8859-7',
  'iso-8859-8',
  'iso-8859-10',
  'iso-8859-13',
  'iso-8859-14',
  'iso-8859-15',
  'koi8-r',
  'koi8-u',
  'macintosh',
  'windows-874',
  'windows-1250',
  'windows-1251',
  'windows-1253',
  'windows-1254',
  'windows-1255',
  'windows-1256',
  'windows-1257',
  'windows-1258',
  'x-mac-cyrillic',
]
/** The double-byte ones, by their two-byte sequences (and Shift_JIS's one-byte katakana). */
const DOUBLE_BYTE = ['gbk', 'big5', 'euc-jp', 'shift_jis', 'euc-kr']

const tables = new Map<string, Map<string, number[]>>()

/** Every byte sequence `label` decodes to one character, by that character (the first sequence wins). */
function table(label: string): Map<string, number[]> {
  const known = tables.get(label)
  if (known) return known
  const sequences: number[][] = []
  for (let a = 0x80; a <= 0xff; a++) sequences.push([a])
  if (DOUBLE_BYTE.includes(label)) for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) sequences.push([a, b])
  // one decode for all: each sequence ends with a newline, which no lead byte takes as its trail, so an
  // invalid one stays a line of its own
  const decoded = new TextDecoder(label).decode(Uint8Array.from(sequences.flatMap((s) => [...s, 0x0a]))).split('\n')
  const out = new Map<string, number[]>()
  sequences.forEach((s, i) => {
    const c = decoded[i]!
    if (c && !c.includes('\ufffd') && [...c].length === 1 && !out.has(c)) out.set(c, s)
  })
  tables.set(label, out)
  return out
}

/**
 * The secret in every legacy encoding that has a byte for at least one of its non-ASCII characters,
 * each character it has none for written `&#NNN;` (as a browser posts it). Empty for ASCII.
 */
export function legacyEncodings(secret: string): Uint8Array[] {
  // Stryker disable next-line Regex: a shortcut: an ASCII secret encodes to itself in every one of them
  if (/^[\x00-\x7f]*$/.test(secret)) return []
  const out = new Map<string, Uint8Array>()
  for (const label of [...SINGLE_BYTE, ...DOUBLE_BYTE]) {
    const t = table(label)
    let some = false
    const bytes = [...secret].flatMap((c) => {
      const cp = c.codePointAt(0)!
      if (cp < 0x80) return [cp]
      const s = t.get(c)
      if (s) some = true
      return s ?? [...Buffer.from(`&#${cp};`, 'latin1')]
    })
    if (some) out.set(Buffer.from(bytes).toString('hex'), Uint8Array.from(bytes))
  }
  return [...out.values()]
}
