/**
 * What a context's browser posts once the password has been typed into one of its pages. The page's
 * scripts can change what a request carries after the field was read back (a `mousedown` that cuts the
 * value, a `formdata` handler that adds a reversed copy, a fetch of their own), and not only through
 * its values: booleans, nulls, how many values a list holds, which of them is the username and how it
 * was escaped, a field's name, a multipart boundary, a line break that turns a value into a name. Every
 * piece of such a body's text is the page's choice. So nothing of it is shown: a body is recorded only
 * when it is exactly the form the scanner filled, and then as the scanner writes that form itself (the
 * field names it read before typing, in their order, the username it typed in the field it typed it
 * in, every other value masked); any other body is withheld whole, without its size or type.
 */

const MASK = '********'
/** The boundary of a multipart form the scanner writes out (the page's own is in the request's Content-Type). */
const BOUNDARY = 'sessionguard-recorded-form'

export const WITHHELD_BODY =
  '[body withheld: sent after the browser typed the password, and not the form the scanner filled (a page script chose its content)]'

/** The form as it stood before the password was typed, read from the page (field names it would submit, in order). */
export interface FilledForm {
  /** The username the scanner typed (kept in its field). */
  username: string
  /** Each control the form submits, in tree order; a submit button is sent only when it is the one clicked. */
  fields: Array<{ name: string; submitter: boolean }>
  /** The name of the field that held the username before the password was typed, if any. */
  userField: string | undefined
}

/** `body` as recorded when it was sent after the password was typed (`contentType` as the request said). */
export function typedBody(body: string, contentType: string | undefined, form: FilledForm | undefined): string {
  if (body === '') return body
  if (!form || form.fields.length === 0) return WITHHELD_BODY
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  let pairs: Array<[string, string]>
  try {
    pairs = parsed(body, type, contentType ?? '')
  } catch {
    return WITHHELD_BODY
  }
  const names = matched(
    pairs.map(([n]) => n),
    form.fields,
  )
  if (!names) return WITHHELD_BODY
  // the username is shown only where the scanner typed it and only as typed: whether the page kept it there is all a page can vary
  const values = pairs.map(([n, v]) => (n === form.userField && form.username !== '' && v === form.username ? form.username : MASK))
  const out: Array<[string, string]> = names.map((n, i) => [n, values[i]!])
  if (type === 'application/x-www-form-urlencoded') return new URLSearchParams(out).toString()
  if (type === 'text/plain') return out.map(([n, v]) => `${n}=${v}\r\n`).join('')
  if (type === 'multipart/form-data')
    return `${out.map(([n, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${n.replace(/["\r\n]/g, (c) => encodeURIComponent(c))}"\r\n\r\n${v}\r\n`).join('')}--${BOUNDARY}--\r\n`
  return JSON.stringify(Object.fromEntries(out))
}

/**
 * The body's names in the form's order when they are exactly the form's (one submit button at most,
 * where the form has it); otherwise undefined. The names returned are the form's, read before typing.
 */
function matched(sent: string[], fields: FilledForm['fields']): string[] | undefined {
  const out: string[] = []
  let i = 0
  let submitter = false
  for (const f of fields) {
    if (f.submitter) {
      if (!submitter && sent[i] === f.name) {
        submitter = true
        out.push(f.name)
        i++
      }
      continue
    }
    if (sent[i] !== f.name) return undefined
    out.push(f.name)
    i++
  }
  return i === sent.length ? out : undefined
}

/** The body's (name, value) pairs; throws when it is not a form or a flat JSON object of strings. */
function parsed(body: string, type: string, contentType: string): Array<[string, string]> {
  if (type === 'application/x-www-form-urlencoded')
    return body.split('&').map((pair) => {
      const at = pair.indexOf('=')
      if (at < 0) throw new Error('no value')
      return [decode(pair.slice(0, at)), decode(pair.slice(at + 1))]
    })
  if (type === 'text/plain') {
    if (!body.endsWith('\r\n')) throw new Error('not a form')
    return body
      .slice(0, -2)
      .split('\r\n')
      .map((line) => {
        const at = line.indexOf('=')
        if (at < 0) throw new Error('no value')
        return [line.slice(0, at), line.slice(at + 1)]
      })
  }
  if (type === 'multipart/form-data') return multipart(body, contentType)
  if (type === 'application/json') {
    const v: unknown = JSON.parse(body)
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object')
    return Object.entries(v as Record<string, unknown>).map(([k, x]) => {
      if (typeof x !== 'string') throw new Error('not a string')
      return [k, x]
    })
  }
  throw new Error('not a form')
}

function decode(v: string): string {
  // throws on a broken escape: the whole body is then withheld
  return decodeURIComponent(v.replace(/\+/g, ' '))
}

function multipart(body: string, contentType: string): Array<[string, string]> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  const b = boundary?.[1] ?? boundary?.[2]
  if (!b) throw new Error('no boundary')
  const chunks = body.split(`--${b}`)
  if (chunks.length < 3 || chunks.at(-1) !== '--\r\n') throw new Error('not closed')
  return chunks.slice(1, -1).map((chunk) => {
    const head = chunk.indexOf('\r\n\r\n')
    if (!chunk.startsWith('\r\n') || head < 0 || !chunk.endsWith('\r\n')) throw new Error('no part head')
    const name = /^\r\ncontent-disposition: form-data; name="([^"]*)"(?:; filename="[^"]*")?(?:\r\ncontent-type: [^\r\n]*)?$/i.exec(
      chunk.slice(0, head),
    )
    if (!name) throw new Error('no part name')
    return [name[1]!, chunk.slice(head + 4, -2)]
  })
}
