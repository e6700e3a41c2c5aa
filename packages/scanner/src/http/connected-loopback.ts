import { buildConnector } from 'undici'
import { isLoopbackAddress } from '../text/loopback.js'

// Whether the target is this machine decides how fast the scan may go (no rate limit on loopback).
// A host name says nothing about that: `127.0.0.1.nip.io` resolves anywhere its owner likes. So the
// decision is made from the address each connection actually reached.

export { isLoopbackAddress }

/**
 * The rate a scan runs at: `loopbackRate` while every connection so far reached a loopback address,
 * `rate` from the first one that did not (and before any connection is made).
 */
export class ConnectedRate {
  private allLoopback: boolean | undefined

  constructor(
    private readonly rate: number,
    private readonly loopbackRate: number | undefined,
    private readonly apply: (rate: number) => void,
  ) {}

  connected(remoteAddress: string | undefined): void {
    if (this.loopbackRate === undefined || this.allLoopback === false) return
    if (isLoopbackAddress(remoteAddress)) {
      if (this.allLoopback === undefined) this.apply(this.loopbackRate)
      this.allLoopback = true
    } else {
      this.allLoopback = false
      this.apply(this.rate)
    }
  }

  /** True once every connection made so far reached this machine. */
  get onLoopback(): boolean {
    return this.allLoopback === true
  }
}

/** undici's connector, reporting each new socket's remote address before the request uses it. */
export function watchingConnector(
  options: buildConnector.BuildOptions,
  onConnect: (remoteAddress: string | undefined) => void,
): buildConnector.connector {
  const base = buildConnector(options)
  return (opts, callback) =>
    base(opts, (err, socket) => {
      if (!err && socket) onConnect(socket.remoteAddress)
      // undici's callback takes either an error or a socket
      ;(callback as (e: Error | null, s: typeof socket) => void)(err, socket)
    })
}
