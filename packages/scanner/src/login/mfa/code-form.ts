import type { HttpResponse } from '../../http/client.js'
import { type FormInput, type HtmlForm, type PageFacts, readPage } from '../html.js'

// Where a second-factor code goes: the form of the page that asks for it. A code form has no password
// field and one input a user types the code into (code, otp, otp_token, totp, token, pin, …).

const CODE_NAME = /otp|totp|2fa|mfa|code|token|pin|verif|factor|passcode/i
const TYPED = new Set(['text', 'number', 'tel', 'password'])
const NOT_CODE = /user|email|login|name|remember|trust/i

function typed(form: HtmlForm): FormInput[] {
  return form.inputs.filter((i) => TYPED.has(i.type))
}

/** The input a code is typed into: `field` when named, else the form's only typed input, else its one code-like name. */
export function codeInput(form: HtmlForm, field?: string): FormInput | undefined {
  if (field) return form.inputs.find((i) => i.name === field)
  const inputs = typed(form).filter((i) => !NOT_CODE.test(i.name))
  if (inputs.length === 1) return inputs[0]
  const named = inputs.filter((i) => CODE_NAME.test(i.name))
  return named.length === 1 ? named[0] : undefined
}

/** The page's form that asks for a code (never a password form). */
export function codeForm(facts: PageFacts, field?: string): { form: HtmlForm; input: FormInput } | undefined {
  for (const form of facts.forms) {
    if (form.method === 'GET' && !field) continue
    if (form.hasPassword && !field) continue
    const input = codeInput(form, field)
    if (input && (field || CODE_NAME.test(input.name))) return { form, input }
  }
  return undefined
}

const JSON_FLAGS =
  /"(?:mfa|2fa|two_?factor|otp|totp|second_?factor)(?:_?required|_?pending)?"\s*:\s*true|"(?:next|step|challenge)"\s*:\s*"(?:mfa|2fa|otp|totp|two[_-]?factor)/i

/**
 * Whether a page the password step ended on asks for a second factor: a form with a code field and no
 * password field, or a JSON answer that says a factor is pending. Path of the page, or undefined.
 */
export function secondFactorPrompt(res: HttpResponse): string | undefined {
  const ctype = String(res.headers['content-type'] ?? '')
  const path = (() => {
    try {
      return new URL(res.url).pathname
    } catch {
      return '/'
    }
  })()
  if (/json/i.test(ctype)) return JSON_FLAGS.test(res.body.slice(0, 64 * 1024)) ? path : undefined
  if (!/<input/i.test(res.body)) return undefined
  return codeForm(readPage(res.body)) ? path : undefined
}
