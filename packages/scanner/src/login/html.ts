import { Parser } from 'htmlparser2'

export interface FormInput {
  name: string
  type: string
  value: string
}

export interface HtmlForm {
  action?: string
  method: string
  inputs: FormInput[]
  hasPassword: boolean
}

export interface PageFacts {
  forms: HtmlForm[]
  /** name → content of <meta> tags (csrf-token, _csrf, csrf-param …). */
  meta: Record<string, string>
  /** href/src/action attribute values, for finding ids leaked into URLs. */
  links: string[]
}

/** Reads what a login needs from a page: its forms, their inputs, meta tags and links. Tolerant of broken HTML. */
export function readPage(html: string): PageFacts {
  const facts: PageFacts = { forms: [], meta: {}, links: [] }
  let current: HtmlForm | undefined
  const loose: HtmlForm = { method: 'POST', inputs: [], hasPassword: false }
  const parser = new Parser(
    {
      onopentag(tag, attrs) {
        for (const a of ['href', 'src', 'action']) if (attrs[a]) facts.links.push(attrs[a])
        if (tag === 'form') {
          current = { method: (attrs.method ?? 'GET').toUpperCase(), inputs: [], hasPassword: false }
          if (attrs.action !== undefined) current.action = attrs.action
          facts.forms.push(current)
        } else if (tag === 'input' || tag === 'button' || tag === 'select' || tag === 'textarea') {
          if (!attrs.name) return
          const type = (attrs.type ?? (tag === 'input' ? 'text' : tag)).toLowerCase()
          const form = current ?? loose
          form.inputs.push({ name: attrs.name, type, value: attrs.value ?? '' })
          if (type === 'password') form.hasPassword = true
        } else if (tag === 'meta') {
          const key = attrs.name ?? attrs.property
          if (key && attrs.content !== undefined) facts.meta[key.toLowerCase()] = attrs.content
        }
      },
      onclosetag(tag) {
        if (tag === 'form') current = undefined
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  )
  parser.write(html)
  parser.end()
  if (loose.inputs.length > 0) facts.forms.push(loose)
  return facts
}

/** A page that asks for a password is a login page: how a lost session shows itself when the app answers 200. */
export function looksLikeLoginPage(html: string): boolean {
  if (!/<input/i.test(html)) return false
  return readPage(html).forms.some((f) => f.hasPassword)
}
