import { Script, createContext } from 'node:vm'
import { request } from 'undici'
import { ConfigError } from '../../errors.js'
import type { Clock } from './clock.js'

// Codes sent by e-mail (or SMS) are read where a test setup can see them: the API of a mail catcher
// (Mailpit, MailHog, MailDev, smtp-server with a small HTTP front) on this machine. The scanner
// reaches that URL only when it is on the target's own origin or on an origin the operator named
// (--mfa-code-url, scan()'s codeOrigins, the MCP server's allow-list): a config file alone never aims
// the scanner at another origin, not even another port of this machine, where other services answer.
// What is taken from the answer is bounded to what a code looks like, so even a named origin's other
// data cannot reach the target as a "code".

/** What a code may be: 4 to 10 letters or digits. Anything else found by the pattern is refused. */
export const CODE_SHAPE = /^[A-Za-z0-9]{4,10}$/

const MAX_ANSWER = 256 * 1024
const POLL_MS = 500

/** Whether the scanner may fetch codes from `url`: the target's origin, or an origin the operator allowed. */
export function assertCodeUrlAllowed(url: string, targetOrigin: string, operatorOrigins: readonly string[]): void {
  const u = new URL(url)
  if (u.origin === targetOrigin || operatorOrigins.includes(u.origin)) return
  throw new ConfigError(
    `login.mfa.code_url: ${u.origin} is not the target's origin; the scanner fetches codes from another origin (a mail catcher on this machine included) only when the operator names it: --mfa-code-url ${u.origin}/…, or codeOrigins in scan()`,
  )
}

export interface CodeUrlSettings {
  url: string
  pattern: string
  waitMs: number
  timeoutMs: number
}

// login.mfa.pattern is the config's regular expression, run over an answer of up to 256 KB that the
// target may write (code_url on its own origin): a pattern with catastrophic backtracking would stop the
// whole scan inside one synchronous match. V8 checks for termination while it backtracks, so the match
// runs under vm's timeout and a pattern that takes longer is refused instead.
const MATCH_MS = 1000
// compiled and given a context on first use: most scans never read a code from a URL
let sandbox: { matcher: Script; context: { body: string; re: RegExp } } | undefined
function matchSandbox(): { matcher: Script; context: { body: string; re: RegExp } } {
  sandbox ??= {
    matcher: new Script(`{
  const out = []
  for (const m of body.matchAll(re)) {
    const code = (m[1] ?? m[0]).trim()
    if (code) out.push(code)
    if (m[0] === '') re.lastIndex++
    if (out.length >= 100) break
  }
  out
}`),
    // createContext returns the object it was given, now bound to the new context
    context: createContext({ body: '', re: /$^/g }) as { body: string; re: RegExp },
  }
  return sandbox
}

/** The pattern did not finish within MATCH_MS on one answer. */
export class PatternTimeout extends Error {}

/** The codes an answer shows, in order (the first group of each match, else the match). */
export function codesIn(body: string, pattern: string, timeoutMs = MATCH_MS): string[] {
  const { matcher, context } = matchSandbox()
  context.body = body
  context.re = new RegExp(pattern, 'g')
  try {
    // the result is an array of the sandbox's realm: copied so callers see plain strings only
    return [...(matcher.runInContext(context, { timeout: timeoutMs }) as string[])].map(String)
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new PatternTimeout()
    throw err
  } finally {
    context.body = ''
    context.re = /$^/g
  }
}

/**
 * Reads one account's codes from a URL: `before()` is called before the step that makes the app send a
 * code, `code()` then waits until the answer shows a code it did not show before.
 */
export class UrlCodes {
  private seen: string[] = []
  private last: string | undefined

  constructor(
    private readonly settings: CodeUrlSettings,
    private readonly username: string,
    private readonly clock: Clock,
    private readonly signal: AbortSignal,
  ) {}

  private get url(): string {
    return this.settings.url.replace(/\{username\}/g, encodeURIComponent(this.username))
  }

  private async fetchBody(): Promise<string | undefined> {
    try {
      const res = await request(this.url, {
        method: 'GET',
        headers: { accept: 'application/json, text/plain, */*' },
        headersTimeout: this.settings.timeoutMs,
        bodyTimeout: this.settings.timeoutMs,
        signal: this.signal,
      })
      if (res.statusCode >= 300) {
        // redirects are never followed: the operator named this URL, not where it points
        await res.body.dump()
        return undefined
      }
      let text = ''
      for await (const chunk of res.body) {
        text += (chunk as Buffer).toString('utf8')
        if (text.length > MAX_ANSWER) {
          res.body.destroy()
          break
        }
      }
      return text.slice(0, MAX_ANSWER)
    } catch (err) {
      if (this.signal.aborted) throw err
      return undefined
    }
  }

  /** Remembers the codes the URL shows now, so the next one is told apart from them. */
  async before(): Promise<void> {
    const body = await this.fetchBody()
    try {
      this.seen = body === undefined ? [] : codesIn(body, this.settings.pattern)
    } catch (err) {
      // code() meets the same answer (or a later one) and says why no code could be read
      if (!(err instanceof PatternTimeout)) throw err
      this.seen = []
    }
    if (this.last !== undefined) this.seen.push(this.last)
  }

  /** The new code, once the URL shows one; undefined when none arrived within the wait. */
  async code(): Promise<{ code: string } | { refused: string } | undefined> {
    const deadline = this.clock.now() + this.settings.waitMs
    for (;;) {
      const body = await this.fetchBody()
      let found: string[]
      try {
        found = body === undefined ? [] : codesIn(body, this.settings.pattern)
      } catch (err) {
        if (!(err instanceof PatternTimeout)) throw err
        return {
          refused: `login.mfa.pattern did not finish within ${MATCH_MS} ms on the answer (${body!.length} characters): a pattern that backtracks this much cannot read codes; make it more specific (e.g. "code is (\\d{6})")`,
        }
      }
      const fresh = found.find((c) => !this.seen.includes(c))
      if (fresh !== undefined) {
        this.seen.push(fresh)
        if (!CODE_SHAPE.test(fresh))
          return {
            refused: `the text the pattern found (${fresh.length} characters) does not look like a code (4 to 10 letters or digits)`,
          }
        this.last = fresh
        return { code: fresh }
      }
      if (this.clock.now() >= deadline) return undefined
      await this.clock.sleep(POLL_MS, this.signal)
    }
  }
}
