import type { Node } from './parse/nodes.js'

// Code excerpts travel into every report format, so a string literal the code gives a secret's name
// (password, secret, token, api key, credentials…) is masked in them: hard-coded credentials in a
// login handler must not be copied into an artifact. The ranges come from the syntax tree: the
// literal's parent assigns it to, pairs it with or compares it against such a name.

const SECRET_NAME = /pass(word|wd|phrase)?$|secret|token|api_?key|private_?key|credential|^auth$|^key$|salt/i
const STRING_TYPES = new Set(['string', 'template_string', 'string_literal', 'raw_string_literal'])
// A literal that is a credential by its own shape, whatever its name: the published prefixes of cloud
// and SaaS keys, a private key block, a JWT, or a long run of key-like characters with letters and digits.
const SECRET_SHAPE =
  /AKIA[0-9A-Z]{12,}|ASIA[0-9A-Z]{12,}|\b(sk|rk|pk)_(live|test)_[0-9A-Za-z]{8,}|\bgh[pousr]_[0-9A-Za-z]{20,}|\bgithub_pat_|\bxox[abpros]-|\bAIza[0-9A-Za-z_-]{20,}|-----BEGIN [A-Z ]*PRIVATE KEY|\beyJ[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]{8,}\.|\bglpat-|\bnpm_[0-9A-Za-z]{20,}/

/** A literal's own text looks like a key: a known prefix, 24+ key characters (36+ with slashes) mixing digits with both cases, or 32+ hex digits. */
export function secretShaped(text: string): boolean {
  if (SECRET_SHAPE.test(text) || /[0-9a-fA-F]{32,}/.test(text)) return true
  const mixed = (run: string): boolean => /[0-9]/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run)
  // base64 keys carry slashes (an AWS secret key); a path of that length and mix is rare enough
  return (
    (text.match(/[A-Za-z0-9+=_-]{24,}/g) ?? []).some(mixed) ||
    (text.match(/[A-Za-z0-9+=][A-Za-z0-9+/=]{35,}/g) ?? []).some((run) => mixed(run) && !text.includes(`/${run}`))
  )
}

export interface SecretRange {
  line: number
  start: number
  end: number
}

function nameOf(n: Node | null | undefined): string | undefined {
  if (!n) return undefined
  const t = n.type
  if (
    t === 'identifier' ||
    t === 'property_identifier' ||
    t === 'shorthand_property_identifier' ||
    t === 'field_identifier' ||
    t === 'simple_symbol' ||
    t === 'hash_key_symbol'
  )
    return n.text
  if (t === 'string' || t === 'string_literal') return n.text.replace(/^['"`:]|['"`]$/g, '')
  if (t === 'member_expression' || t === 'attribute' || t === 'field_expression')
    return nameOf(n.childForFieldName('property') ?? n.childForFieldName('attribute') ?? n.childForFieldName('field'))
  // headers.get("x-password"), req.body["password"]: the key names the value
  if (t === 'call' || t === 'call_expression') return nameOf(n.childForFieldName('arguments')?.namedChildren[0])
  if (t === 'subscript' || t === 'subscript_expression' || t === 'element_reference')
    return nameOf(n.childForFieldName('subscript') ?? n.childForFieldName('index') ?? n.namedChildren[1])
  return undefined
}

/** Ranges (1-based line, 0-based UTF-16 columns) of string literals that hold a secret by their context. */
export function secretLiterals(root: Node): SecretRange[] {
  const out: SecretRange[] = []
  const visit = (n: Node): void => {
    if (STRING_TYPES.has(n.type)) {
      const p = n.parent
      let names: Array<string | undefined> = []
      if (p) {
        const key =
          p.childForFieldName('key') ??
          p.childForFieldName('name') ??
          p.childForFieldName('left') ??
          p.childForFieldName('field') ??
          p.childForFieldName('pattern')
        names = [nameOf(key)]
        if (p.type === 'binary_expression' || p.type === 'comparison_operator' || p.type === 'binary')
          names = p.namedChildren.map((c) => nameOf(c))
      }
      if (names.some((x) => x !== undefined && SECRET_NAME.test(x)) || secretShaped(n.text)) {
        // a literal over several lines is masked on each of them
        const first = n.startPosition.row
        const last = n.endPosition.row
        for (let row = first; row <= last; row++)
          out.push({
            line: row + 1,
            start: row === first ? n.startPosition.column : 0,
            end: row === last ? n.endPosition.column : Number.MAX_SAFE_INTEGER,
          })
      }
      return
    }
    for (const c of n.namedChildren) if (c) visit(c)
  }
  visit(root)
  return out
}

/** The line with every secret range of it replaced by "…". */
export function maskLine(text: string, line: number, ranges: readonly SecretRange[]): string {
  const own = ranges.filter((r) => r.line === line).sort((a, b) => b.start - a.start)
  let out = text
  for (const r of own) out = `${out.slice(0, r.start)}"…"${out.slice(r.end)}`
  return out
}
