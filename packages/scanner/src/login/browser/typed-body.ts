/**
 * What a context's browser posts once the password has been typed into one of its pages. The page's
 * scripts can change the form after the field was read back (a `mousedown` that cuts the value, a
 * `formdata` handler that adds a reversed copy, a hidden second field): pieces and transforms of the
 * password the redaction cannot know. So the recorded body keeps the form's shape (field names, JSON
 * keys) and the configured username, and every other value is masked; a body of another kind, or one
 * that does not parse as its type says, is withheld whole.
 */

const MASK = '********'

export function withheldBody(why: string): string {
  return `[body withheld: sent after the browser typed the password; ${why}]`
}

/** `body` as recorded when it was sent after the password was typed (`contentType` as the request said). */
export function typedBody(body: string, contentType: string | undefined, username: string): string {
  if (body === '') return body
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  const keep = (value: string): string => (username !== '' && value === username ? value : MASK)
  try {
    if (type === 'application/x-www-form-urlencoded') return urlencoded(body, keep)
    if (type === 'text/plain') return plainForm(body, keep)
    if (type === 'multipart/form-data') return multipart(body, contentType!, keep)
    if (type === 'application/json' || type.endsWith('+json')) return JSON.stringify(jsonMasked(JSON.parse(body), keep))
  } catch {
    return withheldBody(`it did not parse as ${type}`)
  }
  return withheldBody(type ? `its type ${JSON.stringify(type.slice(0, 60))} is not a form or JSON` : 'it said no content type')
}

function urlencoded(body: string, keep: (v: string) => string): string {
  return body
    .split('&')
    .map((pair) => {
      const at = pair.indexOf('=')
      if (at < 0) return keep(decode(pair)) === MASK ? MASK : pair
      const value = pair.slice(at + 1)
      return `${pair.slice(0, at)}=${keep(decode(value)) === MASK ? MASK : value}`
    })
    .join('&')
}

function decode(v: string): string {
  // throws on a broken escape: the whole body is then withheld, never half-shown
  return decodeURIComponent(v.replace(/\+/g, ' '))
}

function plainForm(body: string, keep: (v: string) => string): string {
  return body
    .split(/\r?\n/)
    .map((line) => {
      if (line === '') return line
      const at = line.indexOf('=')
      return at < 0 ? keep(line) : `${line.slice(0, at)}=${keep(line.slice(at + 1))}`
    })
    .join('\r\n')
}

function multipart(body: string, contentType: string, keep: (v: string) => string): string {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  const b = boundary?.[1] ?? boundary?.[2]
  if (!b) throw new Error('no boundary')
  const chunks = body.split(`--${b}`)
  if (chunks.length < 3 || !chunks.at(-1)!.startsWith('--')) throw new Error('not closed')
  const parts = chunks.slice(1, -1).map((chunk) => {
    const head = chunk.indexOf('\r\n\r\n')
    if (!chunk.startsWith('\r\n') || head < 0) throw new Error('no part head')
    const name = /content-disposition:[^\r\n]*;\s*name="([^"]*)"/i.exec(chunk.slice(0, head))
    if (!name) throw new Error('no part name')
    const value = chunk.slice(head + 4).replace(/\r\n$/, '')
    // a file name is the page's text as much as a value: only the field name is kept
    return `--${b}\r\nContent-Disposition: form-data; name="${name[1]!}"\r\n\r\n${keep(value)}\r\n`
  })
  return `${parts.join('')}--${b}--\r\n`
}

function jsonMasked(v: unknown, keep: (v: string) => string): unknown {
  if (typeof v === 'string') return keep(v)
  if (typeof v === 'number') return MASK
  if (Array.isArray(v)) return v.map((x) => jsonMasked(x, keep))
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, jsonMasked(x, keep)]))
  return v
}
