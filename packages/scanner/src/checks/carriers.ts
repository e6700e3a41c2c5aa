import type { Carrier } from '../model/finding.js'
import { ActorSession } from '../actors/session.js'
import { parseSetCookie } from '../http/set-cookie.js'
import type { ProbeContext } from './types.js'

export function describe(c: Carrier): string {
  switch (c.kind) {
    case 'cookie':
      return `cookie ${c.name}`
    case 'header':
      return `${c.name} header`
    case 'query':
      return `query parameter ?${c.name}=`
    case 'path':
      return `path parameter ;${c.name}=`
  }
}

/** A fresh actor carrying `value` in `carrier`, and nothing else. */
export function actorWith(ctx: ProbeContext, actor: string, carrier: Carrier, value: string): ActorSession {
  const s = new ActorSession(actor)
  for (const [k, v] of Object.entries(ctx.config.request.cookies)) s.jar.give(k, v, ctx.scope.base.href)
  if (carrier.kind === 'cookie') s.jar.set(carrier.name, value, ctx.scope.base.href)
  else s.setCarry({ kind: carrier.kind, name: carrier.name, value })
  return s
}

/** The value `session` currently carries in `carrier`. */
export function valueIn(ctx: ProbeContext, session: ActorSession, carrier: Carrier): string | undefined {
  return carrier.kind === 'cookie' ? session.jar.get(carrier.name, ctx.scope.base.href) : session.carried(carrier.kind, carrier.name)
}

/** The value the server set for `name` in these Set-Cookie headers, if any. */
export function setCookieValue(setCookies: Array<{ header: string }>, name: string): string | undefined {
  for (const { header } of setCookies) {
    const c = parseSetCookie(header)
    if (c?.name === name) return c.value
  }
  return undefined
}

export function sameCarrier(a: Carrier, b: Carrier): boolean {
  return a.kind === b.kind && a.name.toLowerCase() === b.name.toLowerCase()
}

/** A fresh actor carrying every carrier of `set` (a value cookie and its signature, chunks) with the given values. */
export function actorWithSet(ctx: ProbeContext, actor: string, set: Carrier[], values: Record<string, string>): ActorSession {
  const s = actorWith(ctx, actor, set[0]!, values[set[0]!.name]!)
  for (const c of set.slice(1)) {
    if (c.kind === 'cookie') s.jar.set(c.name, values[c.name]!, ctx.scope.base.href)
    else s.setCarry({ kind: c.kind, name: c.name, value: values[c.name]! })
  }
  return s
}
