import type { Pos } from '../ir.js'
import type { Step, Taint } from './value.js'

// What running a handler recorded: the shapes' raw material.

export interface StoreKeyHit {
  /** The item attribute the client's value was written to, e.g. session_id. */
  attr: string
  /** PutItemCommand, put_item, update_item… */
  api: string
  file: string
  pos: Pos
  taint: Taint
  /** Every attribute name of the written item (a user attribute makes it an authenticated session). */
  itemAttrs: string[]
}

export interface SessionWrite {
  key: string
  file: string
  pos: Pos
}

export interface Trace {
  storeKeys: StoreKeyHit[]
  writes: SessionWrite[]
  rotations: Step[]
  /** passport's req.login()/req.logIn(): the library decides whether the id rotates (the advisory check covers old versions). */
  delegated: Step[]
  /** The work budget ran out: what was found stands, nothing more was looked for. */
  truncated: boolean
}

export function newTrace(): Trace {
  return { storeKeys: [], writes: [], rotations: [], delegated: [], truncated: false }
}
