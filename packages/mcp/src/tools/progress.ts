import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js'
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js'
import type { ProgressEvent } from '@sessionguard/scanner'

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>

/**
 * Forwards scan progress as MCP progress notifications when the client asked for them (a
 * progressToken): a scan can outlast a client's default request timeout, and clients that reset the
 * timeout on progress keep waiting. Token sampling is reported in 5% steps, not per sample.
 */
export function progressForwarder(extra: Extra): (e: ProgressEvent) => void {
  const token = extra._meta?.progressToken
  if (token === undefined) return () => {}
  let step = 0
  let lastPct = -5
  const send = (message: string): void => {
    step += 1
    extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: step, message } }).catch(() => {
      // the client went away; the scan result will not be delivered either
    })
  }
  return (e) => {
    if (e.kind === 'phase') send(`${e.phase}${e.detail ? `: ${e.detail}` : ''}`)
    else if (e.kind === 'check' && e.status === 'start') send(`${e.id}${e.detail ? ` ${e.detail}` : ''}`)
    else if (e.kind === 'warning') send(`warning: ${e.message}`)
    else if (e.kind === 'tokens' && e.total > 0) {
      const pct = Math.floor((e.collected / e.total) * 100)
      if (pct - lastPct >= 5 || e.collected === e.total) {
        lastPct = pct
        send(`sampling tokens ${e.collected}/${e.total}`)
      }
    }
  }
}
