import type { Finding } from '../model/finding.js'
import type { ScanReport } from '../model/report.js'
import { formatDuration, untrusted } from './text.js'

// The code side of a finding as every text format shows it: where, in which handler, the steps from
// the client's value to the sink, the excerpt with the primary line marked, what the scan said.
// File text is the user's own code, but it still passes untrusted() like everything a target or a
// project can put into a report.

export interface CodeView {
  where: string
  handler?: string
  scan?: string
  advisory?: string
  flow: string[]
  excerpt: Array<{ n: number; text: string; mark: boolean }>
}

const loc = (l: { file: string; line: number; column: number }): string => `${untrusted(l.file, 300)}:${l.line}:${l.column}`

export function viewCode(f: Finding): CodeView | undefined {
  const c = f.code
  if (!c) return undefined
  const view: CodeView = {
    where: loc(c.location),
    flow: c.flow.map((s) => `${loc(s)}  ${untrusted(s.note, 300)}`),
    excerpt: c.excerpt.lines.map((text, i) => ({
      n: c.excerpt.startLine + i,
      text: untrusted(text, 300),
      mark: c.excerpt.startLine + i === c.location.line,
    })),
  }
  if (c.handler) view.handler = `${untrusted(c.handler.name, 200)} (${loc(c.handler.location)})`
  if (c.scan) view.scan = `${c.scan.status.replace('-', ' ')}: ${untrusted(c.scan.note, 500)}`
  if (c.advisory) {
    const a = c.advisory
    view.advisory = `${untrusted(a.package, 100)} ${untrusted(a.version, 40)} (${a.ecosystem}) — ${a.ids.map((i) => untrusted(i, 40)).join(', ')}; fixed in ${untrusted(a.fixedIn, 200)}; ${untrusted(a.source, 200)}${a.via?.length ? `; via ${a.via.map((v) => untrusted(v, 100)).join(' › ')}` : ''}`
  }
  return view
}

/** The excerpt as numbered lines, the primary one marked with '>'. */
export function excerptLines(v: CodeView): string[] {
  const w = String(v.excerpt.at(-1)?.n ?? 1).length
  return v.excerpt.map((l) => `${l.mark ? '>' : ' '} ${String(l.n).padStart(w)} | ${l.text}`)
}

/** "3 files, 87 lines (typescript 3), 4 handlers, lockfiles: package-lock.json, 1.3 s": what a source check read. */
export function sourceFacts(r: ScanReport): string | undefined {
  const s = r.source
  if (!s) return undefined
  const langs = Object.entries(s.languages)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')
  const lock = s.lockfiles.length ? s.lockfiles.map((l) => untrusted(l, 200)).join(', ') : 'none'
  return `${untrusted(s.root, 300)}: ${s.files} file(s), ${s.lines} lines${langs ? ` (${langs})` : ''}, ${s.handlers} handler(s), lockfiles: ${lock}, ${formatDuration(s.durationMs)}`
}
