import type { Scope } from '../http/scope.js'
import { ActorSession, type Decor } from '../actors/session.js'
import type { LoginFlow } from '../login/flow.js'
import type { Carrier } from '../model/finding.js'
import type { ProvenCarrier } from '../model/target.js'
import { describe, sameCarrier } from './carriers.js'

// Servlet containers take the session from a cookie and from `;jsessionid=`, PHP from a cookie and
// `?PHPSESSID=`: every door the server honours is a door for fixation. Once one carrier is proven,
// the same logged-in id is offered through each other form, alone; the ones that keep the session
// are added to the proven carrier's `accepted` list, and every attack then runs through them too.

/** Adds to `proven.accepted` each other carrier through which the logged-in id alone still reaches the check URL. */
export async function proveOtherCarriers(
  scope: Scope,
  flow: LoginFlow,
  main: ActorSession,
  proven: ProvenCarrier,
  requestCookies: string[],
  servlet: boolean,
): Promise<void> {
  const url = scope.base.href
  const primary = proven.primary
  const value = primary.kind === 'cookie' ? main.jar.get(primary.name, url) : main.carried(primary.kind, primary.name)
  if (!value || proven.required.length > 1) return
  const candidates: Carrier[] = []
  if (primary.kind === 'cookie') {
    candidates.push({ kind: 'query', name: primary.name })
    if (servlet || /^jsessionid$/i.test(primary.name)) candidates.push({ kind: 'path', name: 'jsessionid' })
  } else {
    // the same id also kept in a cookie of the jar
    for (const [name, v] of main.jar.entries(url))
      if (v === value && !requestCookies.includes(name)) candidates.push({ kind: 'cookie', name })
  }
  for (const c of candidates) {
    if (sameCarrier(c, primary) || proven.accepted.some((a) => sameCarrier(a, c))) continue
    const jar = main.jar.only(requestCookies, url)
    const carry: Decor[] = []
    if (c.kind === 'cookie') jar.set(c.name, value, url)
    else carry.push({ kind: c.kind, name: c.name, value })
    const res = await flow.access(
      new ActorSession('scanner', jar, carry),
      `sends the logged-in id in the ${describe(c)} alone: is it honoured too?`,
      { freeze: true },
    )
    if (!res.authenticated) continue
    proven.accepted.push(c)
    proven.evidence.push(...res.exchanges)
    proven.provenBy += `; the same id alone in the ${describe(c)} also reached ${flow.login.check.url}`
  }
}
