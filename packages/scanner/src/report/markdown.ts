import type { Finding } from '../model/finding.js'
import { excerptLines, sourceFacts, viewCode } from './code-view.js'
import { categoriesOf } from '../model/catalogue.js'
import { coverageFacts } from './coverage-text.js'
import type { Grade, ScanReport } from '../model/report.js'
import { checkRows } from './checks-view.js'
import { escapeMarkup, mdCode, mdFence, mdText } from './escape.js'
import { exchangeLines, viewExchange } from './exchange-view.js'
import { referenceList } from './references.js'
import type { RenderOptions } from './formats.js'
import { severityCounts, sortFindings } from './severity.js'
import { formatDuration, stripControls, untrusted } from './text.js'
import { gateLine, suppressedRows, suppressedWhy } from './suppressed-view.js'

// Markdown for pull-request comments and job summaries (GitHub-flavoured). No images or links to
// outside services: the "badge" is text, so the comment renders the same offline and leaks nothing.

const GRADE_MARK: Record<Grade, string> = { A: '🟢', B: '🟢', C: '🟡', D: '🟠', F: '🔴' }

export function renderMarkdown(report: ScanReport, opts: RenderOptions = {}): string {
  const out: string[] = []
  const findings = sortFindings(report.findings)
  const rows = checkRows(report)
  const { value } = report.score

  const cov = coverageFacts(report)
  out.push(
    cov.grade === null
      ? `## ⚪ sessionguard: grade **—** (fixation not tested) · ${value}/100 over the checks that ran`
      : `## ${GRADE_MARK[cov.grade]} sessionguard: grade **${cov.grade}** · ${value}/100`,
    '',
  )
  const fw = report.framework
  out.push(
    `Target ${mdCode(untrusted(report.target, 300))} · framework ${mdText(untrusted(fw.name, 80))} (${fw.confidence}) · ` +
      `${report.requestCount} requests in ${formatDuration(report.durationMs)}`,
    '',
  )
  const src = sourceFacts(report)
  if (src) out.push(`Source checked: ${mdText(src)}`, '')
  if (report.session.carrier) {
    const c = report.session.carrier
    const how = report.session.provenBy ? ` — ${mdText(untrusted(report.session.provenBy, 300))}` : ''
    out.push(`Session carried by ${c.kind} ${mdCode(untrusted(c.name, 80))}${how}`, '')
  }
  out.push(
    `Coverage: ${cov.ran}${cov.complete ? '' : ' — **incomplete**: the fixation checks did not all run'}${cov.preLogin ? ` · ${mdText(untrusted(cov.preLogin, 600))}` : ''}`,
    '',
  )
  const cats = categoriesOf(report)
  out.push(`| ${cats.join(' | ')} |`, `|${cats.map(() => ' ---: ').join('|')}|`)
  out.push(`| ${cats.map((c) => String(report.score.categories[c] ?? '—')).join(' | ')} |`, '')

  if (findings.length === 0) {
    out.push('**No findings.**', '')
  } else {
    const counts = severityCounts(findings)
    const summary = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ')
    out.push(`### Findings (${summary})`, '', '| Severity | Check | Finding | Confidence |', '| --- | --- | --- | --- |')
    for (const f of findings) {
      out.push(`| ${f.severity} | ${mdCode(f.id)} | ${mdText(untrusted(f.title, 300))} | ${f.confidence} |`)
    }
    out.push('')
    for (const f of findings) out.push(...details(f, opts.verbose === true), '')
  }

  const suppressed = suppressedRows(report)
  if (suppressed.length > 0) {
    out.push(`### Suppressed (${suppressed.length})`, '')
    for (const r of suppressed)
      out.push(
        `- ${r.severity} ${mdCode(r.id)} ${mdText(r.title)}${r.carrier ? ` (${mdText(r.carrier)})` : ''} — ${mdText(suppressedWhy(r))}`,
      )
    out.push('')
  }
  const gate = gateLine(report)
  if (gate) out.push(`**Gate**: ${mdText(gate)}`, '')

  const notTested = rows.filter((r) => r.status === 'not-tested')
  if (notTested.length > 0) {
    out.push(`### Not tested (${notTested.length})`, '')
    for (const r of notTested) {
      const why = r.reason ? ` — ${mdText(untrusted(r.reason, 400))}` : ''
      const enable = r.enableWith ? `; enable with ${mdCode(untrusted(r.enableWith, 300))}` : ''
      out.push(`- ${mdCode(r.id)} ${mdText(r.title)}${why}${enable}`)
    }
    out.push('')
  }
  const errors = rows.filter((r) => r.status === 'error')
  if (errors.length > 0) {
    out.push(`### Errors (${errors.length})`, '')
    for (const r of errors) out.push(`- ${mdCode(r.id)} ${mdText(untrusted(r.reason ?? 'failed to run', 400))}`)
    out.push('')
  }
  const passed = rows.filter((r) => r.status === 'passed')
  if (passed.length > 0) {
    out.push(`<details><summary>Passed (${passed.length})</summary>`, '')
    for (const r of passed) out.push(`- ✓ ${mdCode(r.id)} ${mdText(r.held)}`)
    out.push('', '</details>', '')
  }
  if (report.notes.length > 0) {
    out.push('### Notes', '', ...report.notes.map((n) => `- ${mdText(untrusted(n, 1000))}`), '')
  }
  out.push(`<sub>sessionguard ${mdText(untrusted(report.tool.version, 40))} · scan ${mdCode(untrusted(report.scanId, 80))}</sub>`)
  return `${out.join('\n')}\n`
}

function details(f: Finding, verbose: boolean): string[] {
  // inside an HTML block Markdown is not parsed, so the summary line is plain escaped HTML
  const out = [
    `<details><summary><b>${f.severity.toUpperCase()}</b> <code>${escapeMarkup(f.id)}</code> ${escapeMarkup(untrusted(f.title, 300))}</summary>`,
    '',
  ]
  out.push(mdText(untrusted(f.summary, 4000)), '')
  const code = viewCode(f)
  if (code) {
    out.push(`**Code**: \`${mdText(code.where)}\`${code.handler ? ` in ${mdText(code.handler)}` : ''}`, '')
    if (code.advisory) out.push(`**Advisory**: ${mdText(code.advisory)}`, '')
    if (code.scan) out.push(`**Scan**: ${mdText(code.scan)}`, '')
    const flow = code.flow.map((s, i) => `${i + 1}. ${s}`)
    out.push(mdFence([...flow, ...(flow.length ? [''] : []), ...excerptLines(code)].join('\n'), 'text'), '')
  }
  if (f.evidence.length > 0) {
    const proof: string[] = []
    f.evidence.forEach((x, i) => {
      const v = viewExchange(x, { verbose })
      proof.push(`# ${i + 1}. ${v.actor}${v.note ? ` — ${v.note}` : ''}`, ...exchangeLines(v), '')
    })
    out.push('**Proof**', '', mdFence(proof.join('\n').trimEnd(), 'text'), '')
  }
  const fix = f.remediation
  out.push(`**Fix (${mdText(untrusted(fix.framework, 40))})**: ${mdText(untrusted(fix.text, 4000))}`, '')
  if (fix.snippet) out.push(mdFence(stripControls(fix.snippet)), '')
  const refs = referenceList(f.references)
  if (refs.length > 0)
    out.push(`**References**: ${refs.map((r) => `${r.label} ${r.ids.map((id) => mdText(id)).join(', ')}`).join(' · ')}`, '')
  out.push('</details>')
  return out
}
