import type { Actor, CarrierKind } from '../model/finding.js'
import { Jar } from '../http/jar.js'

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
  constructor(
    readonly actor: Actor,
    readonly jar: Jar = new Jar(),
    public carry: Decor[] = [],
  ) {}

  /** A frozen copy for another actor: what the attacker planted or kept stays exactly as it was. */
  copy(actor: Actor): ActorSession {
    return new ActorSession(
      actor,
      this.jar.clone(),
      this.carry.map((d) => ({ ...d })),
    )
  }

  setCarry(d: Decor): void {
    this.carry = [...this.carry.filter((c) => !(c.kind === d.kind && c.name.toLowerCase() === d.name.toLowerCase())), d]
  }

  carried(kind: Decor['kind'], name: string): string | undefined {
    return this.carry.find((c) => c.kind === kind && c.name.toLowerCase() === name.toLowerCase())?.value
  }
}
