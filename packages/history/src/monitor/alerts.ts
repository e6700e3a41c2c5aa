import type { Carrier, CheckId, Confidence, Grade, Severity } from '@sessionguard/scanner'
import type { ScanDiff } from '../diff/diff.js'
import { terminalSafe } from './terminal-safe.js'

export type AlertKind = 'regression' | 'down' | 'error' | 'recovered'

/** What the webhook receives: `text` for Slack-compatible receivers, the rest for machines. */
export interface Alert {
  kind: AlertKind
  text: string
  target: string
  name: string
  at: string
  scanId?: string
  previousScanId?: string
  /** null: that scan earned no letter (no fixation check ran). */
  grade?: { before: Grade | null; after: Grade | null }
  score?: { before: number; after: number }
  newFindings?: Array<{ id: CheckId; title: string; severity: Severity; confidence: Confidence; carrier?: Carrier }>
  error?: { code?: string; message: string; attempts: number }
}

/** Slack reads &, < and > as markup; a target name must not turn into a link or a mention. */
function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function regressionAlert(name: string, diff: ScanDiff, at: string): Alert {
  const parts: string[] = []
  if (diff.grade.dropped)
    parts.push(
      `grade ${diff.grade.before ?? '—'} → ${diff.grade.after ?? '— (fixation not tested)'} (score ${diff.score.before} → ${diff.score.after})`,
    )
  if (diff.new.length > 0) {
    const list = diff.new.map((f) => `[${f.severity}] ${f.id} ${slackEscape(f.title)}`).join('; ')
    parts.push(`${diff.new.length} new finding${diff.new.length === 1 ? '' : 's'}: ${list}`)
  }
  return {
    kind: 'regression',
    text: `sessionguard: session security regressed on ${slackEscape(name)}: ${parts.join('; ')}`,
    target: diff.b.target,
    name,
    at,
    scanId: diff.b.scanId,
    previousScanId: diff.a.scanId,
    grade: { before: diff.grade.before, after: diff.grade.after },
    score: { before: diff.score.before, after: diff.score.after },
    newFindings: diff.new.map((f) => {
      const item: NonNullable<Alert['newFindings']>[number] = { id: f.id, title: f.title, severity: f.severity, confidence: f.confidence }
      if (f.carrier) item.carrier = f.carrier
      return item
    }),
  }
}

export function outageAlert(kind: 'down' | 'error', name: string, target: string, at: string, error: NonNullable<Alert['error']>): Alert {
  const what = kind === 'down' ? 'is DOWN (not scanned; nothing is assumed fixed)' : 'could not be scanned'
  return {
    kind,
    text: `sessionguard: ${slackEscape(name)} ${what} after ${error.attempts} attempt${error.attempts === 1 ? '' : 's'}: ${slackEscape(error.message)}`,
    target,
    name,
    at,
    error,
  }
}

export function recoveredAlert(name: string, target: string, at: string, scanId: string, grade: Grade | null, score: number): Alert {
  return {
    kind: 'recovered',
    text: `sessionguard: ${slackEscape(name)} is reachable again: grade ${grade ?? '— (fixation not tested)'} (score ${score})`,
    target,
    name,
    at,
    scanId,
  }
}

export interface AlertSink {
  send(alert: Alert): Promise<void>
}

/** One line per alert on a stream (stdout for the CLI). */
export function streamSink(write: (line: string) => void): AlertSink {
  return {
    async send(alert) {
      write(`${terminalSafe(`ALERT ${alert.kind.toUpperCase()} ${alert.at} ${alert.text}`)}\n`)
    },
  }
}

export interface WebhookOptions {
  timeoutMs?: number
  attempts?: number
  /** Called when delivery finally fails; the monitor keeps running. */
  onError?: (message: string) => void
}

/**
 * JSON POST to a webhook. The URL is never logged whole: Slack-style hooks carry their secret in
 * the path, so errors name only its origin.
 */
export function webhookSink(url: string, opts: WebhookOptions = {}): AlertSink {
  const origin = new URL(url).origin
  const attempts = opts.attempts ?? 2
  return {
    async send(alert) {
      let last = ''
      for (let i = 1; i <= attempts; i++) {
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': 'sessionguard-monitor' },
            body: JSON.stringify(alert),
            signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
            redirect: 'error',
          })
          await res.arrayBuffer().catch(() => undefined)
          if (res.ok) return
          last = `HTTP ${res.status}`
        } catch (err) {
          last = (err as Error).message
        }
      }
      opts.onError?.(`webhook ${origin} did not accept the ${alert.kind} alert: ${last}`)
    },
  }
}
