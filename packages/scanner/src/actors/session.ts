import type { Actor, CarrierKind } from '../model/finding.js'
import { Jar } from '../http/jar.js'
import type { FilledForm } from '../login/browser/typed-body.js'

/** A session identifier carried outside cookies: in a request header, a query parameter, or a `;name=` path parameter. */
export interface Decor {
  kind: Exclude<CarrierKind, 'cookie'>
  name: string
  value: string
}

/** Applies header/query/path carriers to a request. */
export function decorate(path: string, headers: Record<string, string>, carry: Decor[]): { path: string; headers: Record<string, string> } {
  let out = path
  const h = { ...headers }
  for (const d of carry) {
    if (d.kind === 'header') h[d.name] = d.value
    else if (d.kind === 'query') {
      const u = new URL(out, 'http://x')
      u.searchParams.set(d.name, d.value)
      out = out.startsWith('http') ? u.href.replace(/^http:\/\/x/, '') : `${u.pathname}${u.search}${u.hash}`
    } else {
      const q = out.search(/[?#]/)
      const base = q < 0 ? out : out.slice(0, q)
      const rest = q < 0 ? '' : out.slice(q)
      const stripped = base.replace(new RegExp(`;${d.name}=[^;/?#]*`, 'i'), '')
      out = `${stripped};${d.name}=${d.value}${rest}`
    }
  }
  return { path: out, headers: h }
}

/** One simulated browser: its cookie jar plus any identifiers it carries in headers or URLs. */
export class ActorSession {
  /**
   * Set once a browser typed this session's password into a page (with the form the scanner filled, as
   * read before typing). From then on a page of this session may know the password: its scripts left
   * their memory of it in the cookies the session carries, so every later browser context of the session
   * (the second factor, a re-login, a copy's) records what it sends as after typing (record.ts).
   */
  typed: { form: FilledForm | undefined } | undefined

  constructor(
    readonly actor: Actor,
    readonly jar: Jar = new Jar(),
    public carry: Decor[] = [],
  ) {}

  /** A frozen copy for another actor: what the attacker planted or kept stays exactly as it was. */
  copy(actor: Actor): ActorSession {
    const out = new ActorSession(
      actor,
      this.jar.clone(),
      this.carry.map((d) => ({ ...d })),
    )
    // the copy carries the same cookies a page made after typing: it is after typing too
    out.typed = this.typed
    return out
  }

  setCarry(d: Decor): void {
    this.carry = [...this.carry.filter((c) => !(c.kind === d.kind && c.name.toLowerCase() === d.name.toLowerCase())), d]
  }

  carried(kind: Decor['kind'], name: string): string | undefined {
    return this.carry.find((c) => c.kind === kind && c.name.toLowerCase() === name.toLowerCase())?.value
  }
}
