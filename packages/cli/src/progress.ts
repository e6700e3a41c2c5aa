import type { ProgressEvent } from '@sessionguard/scanner'

/**
 * Progress on stderr, only when a person is watching (TTY) and not --quiet: one line rewritten in
 * place. CI logs stay clean; warnings are always printed.
 */
export function progressPrinter(opts: { quiet: boolean; stream?: NodeJS.WriteStream }): { onProgress: (e: ProgressEvent) => void; done: () => void } {
  const out = opts.stream ?? process.stderr
  const live = !opts.quiet && out.isTTY === true
  let shown = false
  const line = (text: string): void => {
    if (!live) return
    const width = Math.max(20, (out.columns ?? 80) - 1)
    out.write(`\r\x1b[2K${text.slice(0, width)}`)
    shown = true
  }
  return {
    onProgress(e) {
      if (e.kind === 'warning') {
        if (shown) out.write('\r\x1b[2K')
        out.write(`sessionguard: warning: ${e.message}\n`)
        return
      }
      if (e.kind === 'phase') line(`… ${e.phase}${e.detail ? `: ${e.detail}` : ''}`)
      else if (e.kind === 'check' && e.status === 'start') line(`… ${e.id}${e.detail ? ` ${e.detail}` : ''}`)
      else if (e.kind === 'tokens') {
        const pct = e.total ? Math.floor((e.collected / e.total) * 100) : 0
        const bar = '#'.repeat(Math.floor(pct / 5)).padEnd(20, '.')
        line(`… sampling tokens [${bar}] ${e.collected}/${e.total}`)
      }
    },
    done() {
      if (shown) out.write('\r\x1b[2K')
    },
  }
}
