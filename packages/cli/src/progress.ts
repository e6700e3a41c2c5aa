import { escapeControls, type ProgressEvent } from '@sessionguard/scanner'

/** How often a piped or CI run says what it is doing. Quick runs (and quick failures) print nothing. */
export const PLAIN_PROGRESS_INTERVAL_MS = 10_000

/**
 * Progress on stderr unless --quiet. On a terminal: one line rewritten in place. Piped (CI logs):
 * a plain line every interval with the current step and the time so far, so a long scan is never
 * silent and a short one adds nothing to the log. Warnings are always printed.
 */
export function progressPrinter(opts: { quiet: boolean; stream?: NodeJS.WriteStream; intervalMs?: number; now?: () => number }): {
  onProgress: (e: ProgressEvent) => void
  done: () => void
} {
  const out = opts.stream ?? process.stderr
  const live = !opts.quiet && out.isTTY === true
  const plain = !opts.quiet && !live
  const now = opts.now ?? Date.now
  const started = now()
  let shown = false
  let current: string | undefined
  const timer = plain
    ? setInterval(() => {
        if (current) out.write(`sessionguard: ${current} (${Math.round((now() - started) / 1000)}s)\n`)
      }, opts.intervalMs ?? PLAIN_PROGRESS_INTERVAL_MS)
    : undefined
  // the timer never keeps the process alive on its own
  timer?.unref()
  const line = (raw: string): void => {
    // a path or a reason can be the target's text: its escapes are shown, never obeyed by the terminal
    const text = escapeControls(raw)
    current = text
    if (!live) return
    const width = Math.max(20, (out.columns ?? 80) - 1)
    out.write(`\r\x1b[2K… ${text.slice(0, width - 2)}`)
    shown = true
  }
  return {
    onProgress(e) {
      if (e.kind === 'warning') {
        if (shown) out.write('\r\x1b[2K')
        out.write(`sessionguard: warning: ${escapeControls(e.message)}\n`)
        return
      }
      if (e.kind === 'phase') line(`${e.phase}${e.detail ? `: ${e.detail}` : ''}`)
      else if (e.kind === 'check' && e.status === 'start') line(`${e.id}${e.detail ? ` ${e.detail}` : ''}`)
      else if (e.kind === 'tokens') {
        const pct = e.total ? Math.floor((e.collected / e.total) * 100) : 0
        const bar = '#'.repeat(Math.floor(pct / 5)).padEnd(20, '.')
        line(live ? `sampling tokens [${bar}] ${e.collected}/${e.total}` : `sampling tokens ${e.collected}/${e.total}`)
      }
    },
    done() {
      if (timer) clearInterval(timer)
      if (shown) out.write('\r\x1b[2K')
    },
  }
}
