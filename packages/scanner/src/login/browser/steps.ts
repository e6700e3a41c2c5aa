import type { Locator, Page } from 'playwright-core'
import type { Account } from '../flow.js'
import type { SecondFactor } from '../mfa/factor.js'
import type { BrowserStep } from '../../config/browser-login-schema.js'
import { filledForm } from './filled-form.js'
import { isTyped, shownPlace, typedOn } from './page-place.js'
import { failureWords, timedOut } from './failure-words.js'
import type { FilledForm } from './typed-body.js'

/** A step that failed, with its number and words for the one-line error. */
export class StepFailure extends Error {
  constructor(
    readonly step: string,
    readonly why: string,
  ) {
    super(`${step}: ${why}`)
  }
}

/**
 * Credentials are typed only into a page of the target or a login origin: a page the browser was
 * sent to elsewhere (or Chromium's own error page after a blocked request) gets nothing.
 */
function assertTypable(page: Page, allowed: string[], step: string): void {
  let origin = 'null'
  try {
    origin = new URL(page.url()).origin
  } catch {
    // about:blank and error pages have no origin
  }
  if (!allowed.includes(origin))
    throw new StepFailure(
      step,
      // where it is was chosen by the page or the target (a host label can spell the session id): only its kind is said
      `the page is not on the target or a login origin (it is ${origin === 'null' ? `a ${page.url().split(':')[0]!.slice(0, 20)}: page` : 'on another origin, not named'}); credentials are typed only there`,
    )
}

const CODE_PLACEHOLDER = /\{(totp|code)\}/

/** Whether a step types the second-factor code: the password part of a login ends before it. */
export function typesCode(step: BrowserStep): boolean {
  return 'fill' in step && CODE_PLACEHOLDER.test(step.fill.value)
}

/**
 * A code to type in the browser. A browser login cannot tell a refused code from a slow page, so a
 * code of a time step an earlier login already used is never typed: the next step's is waited for.
 */
export async function browserCode(factor: SecondFactor): Promise<string> {
  const first = await factor.code()
  if (!first.reused) return first.code
  return ((await factor.retry(first)) ?? first).code
}

async function fillValue(value: string, account: Account, factor: SecondFactor | undefined): Promise<string> {
  let out = value.replace(/\{username\}/g, account.username).replace(/\{password\}/g, account.password)
  if (CODE_PLACEHOLDER.test(out)) {
    if (!factor) throw new StepFailure('typing the second-factor code', 'a step fills {totp}, but login.mfa is not configured')
    const code = await browserCode(factor)
    out = out.replace(/\{(totp|code)\}/g, code)
  }
  return out
}

/** The step as the report names it; a fill shows which placeholder it types, never the value. */
export function describeStep(step: BrowserStep): string {
  if ('click' in step) return `click ${step.click}`
  if ('fill' in step) {
    const shown = /\{password\}/.test(step.fill.value)
      ? '{password}'
      : CODE_PLACEHOLDER.test(step.fill.value)
        ? '{totp}'
        : /\{username\}/.test(step.fill.value)
          ? '{username}'
          : 'a value'
    return `fill ${step.fill.selector} with ${shown}`
  }
  if ('press' in step)
    return typeof step.press === 'string'
      ? `press ${step.press}`
      : `press ${step.press.key}${step.press.selector ? ` in ${step.press.selector}` : ''}`
  const w = step.wait
  return 'url' in w ? `wait for URL ${w.url}` : 'selector' in w ? `wait for ${w.selector}` : `wait ${w.ms} ms`
}

/** Does the page's URL match a `wait: { url }`: an absolute URL exactly, a path by pathname (and query when given). */
export function urlMatches(actual: URL, wanted: string, base: string): boolean {
  const w = new URL(wanted, base)
  if (/^https?:\/\//i.test(wanted))
    return actual.href === w.href || (w.search === '' && actual.origin === w.origin && actual.pathname === w.pathname)
  return actual.origin === w.origin && actual.pathname === w.pathname && (w.search === '' || actual.search === w.search)
}

async function runOne(
  page: Page,
  step: BrowserStep,
  account: Account,
  timeout: number,
  base: string,
  allowed: string[],
  name: string,
  factor: SecondFactor | undefined,
  typing: ((form: FilledForm | undefined) => void | Promise<void>) | undefined,
): Promise<void> {
  if ('click' in step) return page.locator(step.click).first().click({ timeout })
  if ('fill' in step) {
    assertTypable(page, allowed, name)
    const value = await fillValue(step.fill.value, account, factor)
    assertTypable(page, allowed, name)
    const field = page.locator(step.fill.selector).first()
    if (account.password !== '' && value.includes(account.password)) await typing?.(await filledForm(field, account.username, timeout))
    if ((account.password !== '' && value.includes(account.password)) || CODE_PLACEHOLDER.test(step.fill.value)) typedOn(page)
    await field.fill(value, { timeout })
    if (account.password !== '' && value.includes(account.password)) await assertKept(field, value, timeout, name)
    return
  }
  if ('press' in step) {
    if (typeof step.press === 'string') return page.keyboard.press(step.press)
    if (step.press.selector) return page.locator(step.press.selector).first().press(step.press.key, { timeout })
    return page.keyboard.press(step.press.key)
  }
  const w = step.wait
  if ('url' in w) return page.waitForURL((u) => urlMatches(u, w.url, base), { timeout, waitUntil: 'commit' })
  if ('selector' in w) return void (await page.locator(w.selector).first().waitFor({ state: 'visible', timeout }))
  await page.waitForTimeout(w.ms)
}

/**
 * A page can keep less or other than what was typed (a `maxlength`, a `pattern`, a script on `input`)
 * and post that: a piece of the password the redaction cannot know. The field is read back, and
 * anything but the typed value stops the login before it is submitted. What was read is compared and
 * dropped: never quoted, never measured in the message.
 */
async function assertKept(field: Locator, typed: string, timeout: number, step: string): Promise<void> {
  if ((await field.inputValue({ timeout })) === typed) return
  throw new StepFailure(
    step,
    'the page kept another value than the password typed into its field (a maxlength, a pattern or a script on the field); the form was not submitted, so no part of the password was sent',
  )
}

/** Runs the configured steps in order; the first that fails ends the login with its number. */
export async function runSteps(
  page: Page,
  steps: BrowserStep[],
  account: Account,
  timeout: number,
  base: string,
  allowed: string[],
  factor?: SecondFactor,
  first = 1,
  typing?: (form: FilledForm | undefined) => void | Promise<void>,
): Promise<string[]> {
  const done: string[] = []
  for (const [i, step] of steps.entries()) {
    const name = `step ${i + first} (${describeStep(step)})`
    try {
      await runOne(page, step, account, timeout, base, allowed, name, factor, typing)
    } catch (err) {
      if (err instanceof StepFailure) throw err
      throw new StepFailure(name, whyFailed(err, timeout, page))
    }
    done.push(describeStep(step))
  }
  return done
}

/**
 * Without steps: the first visible form with a password field is filled like a user would (the text
 * field before the password, or the configured field names) and submitted.
 */
export async function defaultLogin(
  page: Page,
  account: Account,
  fields: { username?: string | undefined; password?: string | undefined },
  timeout: number,
  allowed: string[],
  typing?: (form: FilledForm | undefined) => void | Promise<void>,
): Promise<string[]> {
  assertTypable(page, allowed, 'finding the login form')
  const pass = fields.password ? `input[name="${cssString(fields.password)}"]` : 'input[type=password]'
  const password = page.locator(pass).locator('visible=true').first()
  try {
    await password.waitFor({ state: 'visible', timeout })
  } catch (err) {
    const why = timedOut(err)
      ? `no visible password field (${pass}) appeared within ${Math.round(timeout / 1000)} s on ${shownPlace(page)}`
      : `no visible password field (${pass}): ${whyFailed(err, timeout, page)}`
    throw new StepFailure('finding the login form', why)
  }
  const form = page
    .locator('form')
    .filter({ has: page.locator(pass) })
    .first()
  const scope = (await form.count()) > 0 ? form : page.locator('body')
  const user = fields.username
    ? scope.locator(`input[name="${cssString(fields.username)}"]`).first()
    : scope.locator('input:not([type]), input[type=text], input[type=email], input[type=tel]').locator('visible=true').first()
  assertTypable(page, allowed, 'finding the login form')
  const done: string[] = []
  try {
    if ((await user.count()) > 0) {
      await user.fill(account.username, { timeout })
      done.push('fill the user field with {username}')
    }
    if (account.password !== '') await typing?.(await filledForm(password, account.username, timeout))
    typedOn(page)
    await password.fill(account.password, { timeout })
    await assertKept(password, account.password, timeout, 'filling the password field')
    done.push('fill the password field with {password}')
    const submit = scope.locator('button[type=submit], input[type=submit], button:not([type])').locator('visible=true').first()
    // The submission (a navigation, or the script's fetch) may start well after the click on a busy
    // machine; the caller's wait for quiet must not begin before it, or the jar is read pre-login.
    const sent = page.waitForRequest((r) => r.method() !== 'GET' || r.isNavigationRequest(), { timeout }).catch(() => undefined)
    if ((await submit.count()) > 0) {
      await submit.click({ timeout })
      done.push('click the submit button')
    } else {
      await password.press('Enter', { timeout })
      done.push('press Enter in the password field')
    }
    await sent
  } catch (err) {
    if (err instanceof StepFailure) throw err
    throw new StepFailure(`submitting the login form (after: ${done.join(', ') || 'nothing'})`, whyFailed(err, timeout, page))
  }
  return done
}

function cssString(s: string): string {
  return s.replace(/["\\]/g, '\\$&')
}

function whyFailed(err: unknown, timeout: number, page: Page): string {
  const msg = String((err as Error)?.message ?? err)
  const at = shownPlace(page)
  if (timedOut(err)) return `did not happen within ${Math.round(timeout / 1000)} s (page at ${at})`
  // once a secret is typed, the message names what the page chose (a URL it navigated to): only its kind
  if (isTyped(page)) return `${failureWords(err)} (page at ${at})`
  // the first line whole: the driver cuts it once it is masked (a cut here could keep a secret's start)
  return `${msg.split('\n')[0]!} (page at ${at})`
}

/**
 * Without steps, the second factor: the page's code field (login.mfa.field, or the input marked
 * autocomplete=one-time-code, or the one visible text field of the form) is filled and submitted.
 */
export async function defaultCode(
  page: Page,
  factor: SecondFactor,
  field: string | undefined,
  timeout: number,
  allowed: string[],
): Promise<string[]> {
  assertTypable(page, allowed, 'finding the second-factor form')
  const selector = field
    ? `input[name="${cssString(field)}"]`
    : 'input[autocomplete="one-time-code"], input[name*="otp" i], input[name*="code" i], input[name*="token" i]:not([type=hidden])'
  const input = page.locator(selector).locator('visible=true').first()
  try {
    await input.waitFor({ state: 'visible', timeout })
  } catch (err) {
    throw new StepFailure('finding the second-factor form', `no visible code field (${selector}): ${whyFailed(err, timeout, page)}`)
  }
  const code = await browserCode(factor)
  assertTypable(page, allowed, 'finding the second-factor form')
  typedOn(page)
  try {
    const sent = page.waitForRequest((r) => r.method() !== 'GET' || r.isNavigationRequest(), { timeout }).catch(() => undefined)
    await input.fill(code, { timeout })
    await input.press('Enter', { timeout })
    await sent
  } catch (err) {
    throw new StepFailure('submitting the second-factor code', whyFailed(err, timeout, page))
  }
  return ['fill the code field with {totp}', 'press Enter in the code field']
}
