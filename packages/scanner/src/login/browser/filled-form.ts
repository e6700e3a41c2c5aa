/// <reference lib="dom" />
// (the evaluate callback below runs in the browser, where these globals exist)
import type { Locator } from 'playwright-core'
import type { FilledForm } from './typed-body.js'

/**
 * The form of the password field as it stands just before the password is typed: the names of the
 * controls it would submit, in tree order (a submit button marked, sent only when clicked), and the
 * field that holds the username. Read then, it is text the page chose without knowing the password;
 * what is recorded of the bodies sent afterwards is written from it (typed-body.ts). A field with no
 * form, or a page that does not answer, gives no form: every body after typing is then withheld.
 */
export async function filledForm(passwordField: Locator, username: string, timeout: number): Promise<FilledForm | undefined> {
  try {
    const read = await passwordField.evaluate(
      (el, user) => {
        const form = (el as HTMLInputElement).form
        if (!form) return undefined
        const fields: Array<{ name: string; submitter: boolean }> = []
        let userField: string | undefined
        for (const c of Array.from(form.elements)) {
          const ctl = c as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLButtonElement
          if (!ctl.name || ctl.disabled || c.closest('datalist')) continue
          const type = (ctl.type ?? '').toLowerCase()
          if (c instanceof HTMLButtonElement || type === 'submit') {
            if (type === 'submit') fields.push({ name: ctl.name, submitter: true })
            continue
          }
          // an image button posts name.x/name.y, a file its name: neither is a form the scanner fills
          if (type === 'image' || type === 'file' || type === 'reset' || type === 'button') return undefined
          if ((type === 'checkbox' || type === 'radio') && !(c as HTMLInputElement).checked) continue
          if (c instanceof HTMLSelectElement) {
            for (const o of Array.from(c.selectedOptions)) if (!o.disabled) fields.push({ name: ctl.name, submitter: false })
            continue
          }
          if (c instanceof HTMLObjectElement || c instanceof HTMLOutputElement || c instanceof HTMLFieldSetElement) continue
          fields.push({ name: ctl.name, submitter: false })
          if (userField === undefined && user !== '' && ctl.value === user) userField = ctl.name
        }
        return { fields, userField }
      },
      username,
      { timeout },
    )
    return read ? { username, fields: read.fields, userField: read.userField } : undefined
  } catch {
    return undefined
  }
}
