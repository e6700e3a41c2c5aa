import type { Finding } from '../model/finding.js'
import { categoriesOf } from '../model/catalogue.js'
import { coverageFacts } from './coverage-text.js'
import type { ScanReport } from '../model/report.js'
import { palette, type Palette } from './ansi.js'
import { checkRows, type CheckRow } from './checks-view.js'
import { exchangeLines, viewExchange } from './exchange-view.js'
import { referenceList } from './references.js'
import type { RenderOptions } from './formats.js'
import { sortFindings } from './severity.js'
import { gateLine, suppressedRows, suppressedWhy } from './suppressed-view.js'
import { formatDuration, oneLine, stripControls, untrusted, wrap } from './text.js'
import { excerptLines, sourceFacts, viewCode } from './code-view.js'

const DEFAULT_WIDTH = 100
const LABEL = 11

/** The terminal report: header, one line per finding, the proof of each, then what passed and what was not tested. */
export function renderPretty(report: ScanReport, opts: RenderOptions = {}): string {
  const width = Math.max(40, Math.min(opts.width ?? DEFAULT_WIDTH, 240))
  const p = palette(opts.color === true)
  const out: string[] = []
  const findings = sortFindings(report.findings)
  const rows = checkRows(report)

  header(out, report, p, width)

  out.push('')
  if (findings.length === 0) {
    out.push(p.green(p.bold('No findings.')))
  } else {
    out.push(p.bold(`Findings (${findings.length})`))
    const idWidth = Math.max(...findings.map((f) => f.id.length))
    for (const f of findings) {
      const sev = p.severity(f.severity)(f.severity.toUpperCase().padEnd(8))
      out.push(`  ${sev}  ${f.id.padEnd(idWidth)}  ${untrusted(f.title, width)}`)
    }
    findings.forEach((f, i) => findingDetail(out, f, i + 1, findings.length, p, width, opts.verbose === true))
  }

  const suppressed = suppressedRows(report)
  if (suppressed.length > 0) {
    out.push('', p.bold(`Suppressed (${suppressed.length})`))
    for (const r of suppressed) {
      out.push(`  ${p.dim('~')} ${r.severity.toUpperCase().padEnd(8)}  ${r.id}  ${r.title}${r.carrier ? p.dim(` (${r.carrier})`) : ''}`)
      pushWrapped(out, suppressedWhy(r), '      ', '        ', width)
    }
  }

  checkLists(out, rows, p, width, opts.verbose === true)

  const gate = gateLine(report)
  if (gate) {
    out.push('')
    pushWrapped(out, `Gate: ${gate}`, '', '      ', width)
  }

  if (report.notes.length > 0) {
    out.push('', p.bold('Notes'))
    for (const note of report.notes) pushWrapped(out, untrusted(note, 2000), '  • ', '    ', width)
  }
  return `${out.join('\n')}\n`
}

function header(out: string[], r: ScanReport, p: Palette, width: number): void {
  const field = (label: string, value: string): void => {
    out.push(`${p.dim(label.padEnd(LABEL))}${value}`)
  }
  out.push(p.bold(`sessionguard ${untrusted(r.tool.version, 40)} — session security report`), '')
  if (r.kind !== 'check') field('Target', untrusted(r.target, width))
  const fw = r.framework
  const signals = fw.signals.length > 0 ? ` — ${fw.signals.map((s) => untrusted(s, 80)).join(', ')}` : ''
  field('Framework', untrusted(`${fw.name} (${fw.confidence} confidence)${signals}`, width * 2))
  const cov = coverageFacts(r)
  field(
    'Score',
    cov.grade === null
      ? `${p.grade(null)(p.bold(`grade ${untrusted(cov.label, 120)}`))}  ${p.dim(`${r.score.value}/100 over the checks that ran`)}`
      : p.grade(cov.grade)(p.bold(`${r.score.value}/100  grade ${untrusted(cov.label, 80)}`)),
  )
  const cats = categoriesOf(r)
    .map((c) => `${c} ${r.score.categories[c] ?? '?'}`)
    .join(' · ')
  out.push(`${' '.repeat(LABEL)}${p.dim(cats)}`)
  const src = sourceFacts(r)
  if (src) field('Source', src)
  if (r.kind === 'check') return
  field('Scan', `${r.requestCount} requests in ${formatDuration(r.durationMs)} (started ${untrusted(r.startedAt, 40)})`)
  const s = r.session
  if (s.carrier) {
    const proof = s.provenBy ? ` — ${untrusted(s.provenBy, 300)}` : ''
    field('Session', `${s.carrier.kind} ${untrusted(s.carrier.name, 80)}${proof}`)
  } else {
    field('Session', s.loginConfigured ? 'carrier not proven' : 'no login configured: carrier not proven')
  }
  if (s.issued.length > 0) {
    const issued = s.issued.map((c) => `${c.kind} ${untrusted(c.name, 80)}`).join(', ')
    out.push(`${' '.repeat(LABEL)}${p.dim(`issued: ${issued}`)}`)
  }
  if (cov.preLogin) out.push(`${' '.repeat(LABEL)}${p.dim(untrusted(cov.preLogin, width * 2))}`)
  for (const c of s.carriers ?? [])
    out.push(`${' '.repeat(LABEL)}${p.dim(`${c.role} ${c.kind} ${untrusted(c.name, 80)}: ${c.found.join(', ') || 'nothing found'}`)}`)
}

function findingDetail(out: string[], f: Finding, n: number, total: number, p: Palette, width: number, verbose: boolean): void {
  const paint = p.severity(f.severity)
  out.push('', paint(`── ${n}/${total} ${f.severity.toUpperCase()} ${f.id} `) + p.bold(untrusted(f.title, width)))
  const meta = [`confidence ${f.confidence}`, `category ${f.category}`]
  if (f.carrier) meta.push(`carrier ${f.carrier.kind} ${untrusted(f.carrier.name, 80)}`)
  out.push(`   ${p.dim(meta.join(' · '))}`)
  pushWrapped(out, untrusted(f.summary, 4000), '   ', '   ', width)

  const code = viewCode(f)
  if (code) {
    out.push('', `   ${p.bold('Code')}  ${code.where}`)
    if (code.handler) pushWrapped(out, `handler: ${code.handler}`, '     ', '       ', width)
    if (code.advisory) pushWrapped(out, `advisory: ${code.advisory}`, '     ', '       ', width)
    if (code.scan) pushWrapped(out, `scan: ${code.scan}`, '     ', '       ', width)
    if (code.flow.length) {
      out.push(`     ${p.dim('flow:')}`)
      code.flow.forEach((s, i) => pushWrapped(out, `${i + 1}. ${s}`, '       ', '          ', width))
    }
    for (const line of excerptLines(code)) out.push(`     ${line.startsWith('>') ? line : p.dim(line)}`)
  }

  if (f.evidence.length > 0) {
    out.push('', `   ${p.bold('Proof')}`)
    f.evidence.forEach((x, i) => {
      const v = viewExchange(x, { verbose })
      out.push(`   ${i + 1}. ${p.cyan(v.actor)}${v.note ? ` — ${v.note}` : ''}`)
      for (const line of exchangeLines(v)) {
        const styled = line.startsWith('<') ? p.dim(line) : line
        out.push(`      ${styled}`)
      }
    })
  }

  const refs = referenceList(f.references)
  if (refs.length > 0) {
    out.push('', `   ${p.bold('References')}`)
    for (const r of refs) pushWrapped(out, `${r.label}: ${r.ids.map((id) => untrusted(id, 40)).join(', ')}`, '     ', '       ', width)
  }

  const fix = f.remediation
  out.push('', `   ${p.bold(`Fix (${untrusted(fix.framework, 40)})`)}`)
  pushWrapped(out, untrusted(fix.text, 4000), '     ', '     ', width)
  if (fix.snippet) {
    out.push('')
    for (const line of stripControls(fix.snippet).split('\n')) out.push(`       ${p.green(line)}`)
  }
}

function checkLists(out: string[], rows: CheckRow[], p: Palette, width: number, verbose: boolean): void {
  const idWidth = Math.max(...rows.map((r) => r.id.length))
  const passed = rows.filter((r) => r.status === 'passed')
  const notTested = rows.filter((r) => r.status === 'not-tested')
  const errors = rows.filter((r) => r.status === 'error')

  if (passed.length > 0) {
    out.push('', p.bold(`Passed (${passed.length})`))
    for (const r of passed) {
      out.push(`  ${p.green('✓')} ${r.id.padEnd(idWidth)}  ${r.held}`)
      if (verbose && r.reason) pushWrapped(out, `tried: ${oneLine(r.reason)}`, `      `, '      ', width)
    }
  }
  if (notTested.length > 0) {
    out.push('', p.bold(`Not tested (${notTested.length})`))
    for (const r of notTested) {
      out.push(`  ${p.yellow('-')} ${r.id.padEnd(idWidth)}  ${r.title}`)
      if (r.reason) pushWrapped(out, `why: ${untrusted(r.reason, 600)}`, '      ', '        ', width)
      if (r.enableWith) pushWrapped(out, `enable with: ${untrusted(r.enableWith, 600)}`, '      ', '        ', width)
    }
  }
  if (errors.length > 0) {
    out.push('', p.bold(p.red(`Errors (${errors.length})`)))
    for (const r of errors) {
      out.push(`  ${p.red('!')} ${r.id.padEnd(idWidth)}  ${r.title}`)
      if (r.reason) pushWrapped(out, untrusted(r.reason, 600), '      ', '      ', width)
    }
  }
}

function pushWrapped(out: string[], text: string, first: string, rest: string, width: number): void {
  wrap(text, Math.max(20, width - first.length)).forEach((line, i) => out.push(`${i === 0 ? first : rest}${line}`))
}
