import { Parser } from 'htmlparser2'

export interface FormInput {
  name: string
  type: string
  value: string
}

export interface HtmlForm {
  action?: string
  method: string
  /** Labels of its submit buttons (a button's text, an input's value), to judge what submitting it does. */
  labels: string[]
  inputs: FormInput[]
  hasPassword: boolean
}

export interface PageFacts {
  forms: HtmlForm[]
  /** name → content of <meta> tags (csrf-token, _csrf, csrf-param …). */
  meta: Record<string, string>
  /** href/src/action attribute values, for finding ids leaked into URLs. */
  links: string[]
  /** Where a click takes a visitor (a, area, iframe, frame): never a form's action, which is submitted, not followed. */
  navigable: string[]
}

/** Reads what a login needs from a page: its forms, their inputs, meta tags and links. Tolerant of broken HTML. */
export function readPage(html: string): PageFacts {
  const facts: PageFacts = { forms: [], meta: {}, links: [], navigable: [] }
  let current: HtmlForm | undefined
  let button: HtmlForm | undefined
  const loose: HtmlForm = { method: 'POST', inputs: [], hasPassword: false, labels: [] }
  const parser = new Parser(
    {
      onopentag(tag, attrs) {
        for (const a of ['href', 'src', 'action']) if (attrs[a]) facts.links.push(attrs[a])
        if ((tag === 'a' || tag === 'area') && attrs.href) facts.navigable.push(attrs.href)
        if ((tag === 'iframe' || tag === 'frame') && attrs.src) facts.navigable.push(attrs.src)
        if (tag === 'form') {
          current = { method: (attrs.method ?? 'GET').toUpperCase(), inputs: [], hasPassword: false, labels: [] }
          if (attrs.action !== undefined) current.action = attrs.action
          facts.forms.push(current)
        } else if (tag === 'input' || tag === 'button' || tag === 'select' || tag === 'textarea') {
          const type = (attrs.type ?? (tag === 'input' ? 'text' : tag)).toLowerCase()
          const form = current ?? loose
          if (tag === 'button' && type !== 'reset') button = form
          if (type === 'submit' || type === 'image')
            for (const a of ['value', 'formaction', 'alt']) if (attrs[a]) form.labels.push(attrs[a])
          if (tag === 'button' && attrs.formaction) form.labels.push(attrs.formaction)
          if (!attrs.name) return
          form.inputs.push({ name: attrs.name, type, value: attrs.value ?? '' })
          if (type === 'password') form.hasPassword = true
        } else if (tag === 'meta') {
          const key = attrs.name ?? attrs.property
          if (key && attrs.content !== undefined) facts.meta[key.toLowerCase()] = attrs.content
        }
      },
      ontext(text) {
        if (button && text.trim()) button.labels.push(text.trim().slice(0, 200))
      },
      onclosetag(tag) {
        if (tag === 'form') current = undefined
        if (tag === 'button') button = undefined
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
