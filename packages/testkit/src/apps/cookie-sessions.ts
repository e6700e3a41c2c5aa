import type { IncomingMessage, ServerResponse } from 'node:http'
import { addCookie, parseCookies } from './http.js'
import { newSessionId } from './tokens.js'

// A hand-written in-memory cookie session layer whose three decisions that matter for fixation are
// explicit options, so each app states exactly which mistake it makes (or does not make).

export interface MemorySession {
  user?: string | undefined
  csrf?: string
  data: Record<string, unknown>
}

export interface CookieSessionPolicy {
  cookie: string
  /** Attributes appended to the Set-Cookie line, e.g. '; HttpOnly; SameSite=Lax; Path=/'. */
  attributes: string
  /** true: an id the server never issued is taken as a new (anonymous) session. */
  adoptUnknown: boolean
  /** keep: same id after login · rotate: new id, old deleted · rotate-keep-old: new id, old left pointing at the same session. */
  onLogin: 'keep' | 'rotate' | 'rotate-keep-old'
  /** destroy: delete the server-side session · clear-cookie: only tell the browser to forget it. */
  onLogout: 'destroy' | 'clear-cookie'
}

export class CookieSessions {
  private readonly store = new Map<string, MemorySession>()
  constructor(readonly policy: CookieSessionPolicy) {}

  /** The session the request carries, if the server knows it (never creates one). */
  current(req: IncomingMessage): { id: string; session: MemorySession } | undefined {
    const id = parseCookies(req).get(this.policy.cookie)
    if (!id) return undefined
    const session = this.store.get(id)
    return session ? { id, session } : undefined
  }

  /** The request's session, creating one (and setting the cookie) when there is none. */
  ensure(req: IncomingMessage, res: ServerResponse): { id: string; session: MemorySession } {
    const found = this.current(req)
    if (found) return found
    const presented = parseCookies(req).get(this.policy.cookie)
    if (presented && this.policy.adoptUnknown) {
      // The client chose this id and the server simply starts using it; no Set-Cookie needed.
      const session: MemorySession = { data: {} }
      this.store.set(presented, session)
      return { id: presented, session }
    }
    const id = newSessionId()
    const session: MemorySession = { data: {} }
    this.store.set(id, session)
    this.setCookie(res, id)
    return { id, session }
  }

  /** Marks the request's session as `user`'s, rotating the id as the policy says. Returns the session now in use. */
  login(req: IncomingMessage, res: ServerResponse, user: string): { id: string; session: MemorySession } {
    const { id, session } = this.ensure(req, res)
    if (this.policy.onLogin === 'keep') {
      session.user = user
      return { id, session }
    }
    const next = newSessionId()
    let current = session
    if (this.policy.onLogin === 'rotate') {
      this.store.delete(id)
      current = { ...session, data: { ...session.data }, user }
      this.store.set(next, current)
    } else {
      // The mistake: the new key shares the session object and the old key is never removed.
      session.user = user
      this.store.set(next, session)
    }
    this.setCookie(res, next)
    return { id: next, session: current }
  }

  logout(req: IncomingMessage, res: ServerResponse): void {
    const found = this.current(req)
    if (found && this.policy.onLogout === 'destroy') {
      // Clearing the object too means no other key that shares it (see rotate-keep-old) stays logged in.
      found.session.user = undefined
      this.store.delete(found.id)
    }
    addCookie(res, `${this.policy.cookie}=; Max-Age=0${this.policy.attributes}`)
  }

  setCookie(res: ServerResponse, id: string): void {
    addCookie(res, `${this.policy.cookie}=${id}${this.policy.attributes}`)
  }
}

export const SAFE_ATTRIBUTES = '; HttpOnly; SameSite=Lax; Path=/'
