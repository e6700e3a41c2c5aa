import type { Finding } from '../model/finding.js'
import { excerptLines, viewCode, type CodeView } from './code-view.js'
import { categoriesOf } from '../model/catalogue.js'
import { coverageFacts } from './coverage-text.js'
import type { ScanReport } from '../model/report.js'
import { checkRows, type CheckRow } from './checks-view.js'
import { xmlText } from './escape.js'
import { exchangeLines, viewExchange } from './exchange-view.js'
import { referenceList } from './references.js'
import { sortFindings } from './severity.js'
import { stripControls, untrusted } from './text.js'

// JUnit XML as CI systems read it (Jenkins, GitLab, Azure, the JUnit reporters of GitHub Actions):
// one suite, one test case per check of the catalogue, so a check that stops running shows up as a
// change in the test list rather than vanishing.

export function renderJunit(report: ScanReport): string {
  const rows = checkRows(report)
  const count = (s: CheckRow['status']): number => rows.filter((r) => r.status === s).length
  const seconds = (report.durationMs / 1000).toFixed(3)
  const suiteAttrs = attrs({
    name: `sessionguard ${untrusted(report.target, 300)}`,
    tests: rows.length,
    failures: failures(rows),
    errors: count('error'),
    skipped: skipped(rows),
    time: seconds,
    timestamp: report.startedAt,
  })

  const props: [string, string | number][] = [
    ['target', report.target],
    ['scanId', report.scanId],
    ['score', report.score.value],
    ['grade', coverageFacts(report).grade ?? '—'],
    ['gradeLabel', coverageFacts(report).label],
    ['coverage', coverageFacts(report).ran],
    ...categoriesOf(report).map((c): [string, number] => [`score.${c}`, report.score.categories[c] ?? 100]),
    ['framework', report.framework.id],
    ['requestCount', report.requestCount],
    ['schemaVersion', report.schemaVersion],
    ['suppressed', report.suppressed?.length ?? 0],
    ...(report.gate
      ? [['gate.failOn', report.gate.failOn] as [string, string], ['gate.passed', String(report.gate.passed)] as [string, string]]
      : []),
    ['tool.version', report.tool.version],
  ]

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'sessionguard', tests: rows.length, failures: failures(rows), errors: count('error'), skipped: skipped(rows), time: seconds })}>`,
    `  <testsuite${suiteAttrs}>`,
    '    <properties>',
    ...props.map(([name, value]) => `      <property${attrs({ name, value: String(value) })}/>`),
    '    </properties>',
    ...rows.map(testcase),
  ]
  if (report.notes.length > 0) {
    lines.push(`    <system-out>${xmlText(report.notes.map((n) => `note: ${untrusted(n, 2000)}`).join('\n'))}</system-out>`)
  }
  lines.push('  </testsuite>', '</testsuites>')
  return `${lines.join('\n')}\n`
}

const allSuppressed = (r: CheckRow): boolean => r.status === 'failed' && r.findings.length === 0 && r.suppressed.length > 0
const failures = (rows: CheckRow[]): number => rows.filter((r) => r.status === 'failed' && !allSuppressed(r)).length
const skipped = (rows: CheckRow[]): number => rows.filter((r) => r.status === 'not-tested' || allSuppressed(r)).length

function testcase(r: CheckRow): string {
  const open = `    <testcase${attrs({ name: `${r.id}: ${r.title}`, classname: `sessionguard.${r.category}`, time: '0' })}`
  switch (r.status) {
    case 'passed':
      return `${open}/>`
    case 'not-tested': {
      const why = [r.reason, r.enableWith ? `enable with ${r.enableWith}` : undefined].filter(Boolean).join('; ')
      return `${open}>\n      <skipped${attrs({ message: untrusted(`not tested${why ? `: ${why}` : ''}`, 1000) })}/>\n    </testcase>`
    }
    case 'error':
      return `${open}>\n      <error${attrs({ message: untrusted(r.reason ?? 'check failed to run', 1000), type: 'error' })}/>\n    </testcase>`
    case 'failed': {
      // every finding of the check was accepted (ignore list) or already known (baseline): not a CI failure
      if (r.findings.length === 0 && r.suppressed.length > 0) {
        const why = r.suppressed
          .map(
            (x) =>
              `${x.by === 'ignore' ? `ignore list${x.expires ? ` until ${x.expires}` : ''}` : 'baseline'}: ${untrusted(x.reason, 300)}`,
          )
          .join('; ')
        return `${open}>\n      <skipped${attrs({ message: untrusted(`suppressed (${why})`, 1000) })}/>\n    </testcase>`
      }
      const findings = sortFindings(r.findings)
      const first = findings[0]
      const more = findings.length > 1 ? ` (+${findings.length - 1} more)` : ''
      const message = first ? `${untrusted(first.title, 300)}${more}` : 'failed'
      const body = findings.map(failureText).join('\n\n----\n\n')
      return `${open}>\n      <failure${attrs({ message, type: first?.severity ?? 'failed' })}>${xmlText(body)}</failure>\n    </testcase>`
    }
  }
}

function codeText(v: CodeView): string[] {
  return [
    `Code: ${v.where}`,
    ...(v.handler ? [`Handler: ${v.handler}`] : []),
    ...(v.advisory ? [`Advisory: ${v.advisory}`] : []),
    ...(v.scan ? [`Scan: ${v.scan}`] : []),
    ...v.flow.map((s, i) => `${i + 1}. ${s}`),
    ...excerptLines(v),
  ]
}

function failureText(f: Finding): string {
  const out = [`[${f.severity.toUpperCase()}, ${f.confidence}] ${untrusted(f.title, 300)}`, untrusted(f.summary, 4000)]
  const code = viewCode(f)
  if (code) out.push('', ...codeText(code))
  if (f.evidence.length > 0) {
    out.push('', 'Proof:')
    f.evidence.forEach((x, i) => {
      const v = viewExchange(x)
      out.push(`${i + 1}. ${v.actor}${v.note ? ` — ${v.note}` : ''}`, ...exchangeLines(v).map((l) => `   ${l}`))
    })
  }
  out.push('', `Fix (${untrusted(f.remediation.framework, 40)}): ${untrusted(f.remediation.text, 4000)}`)
  if (f.remediation.snippet) out.push(stripControls(f.remediation.snippet))
  const refs = referenceList(f.references)
  if (refs.length > 0) out.push('', `References: ${refs.map((r) => `${r.label} ${r.ids.join(', ')}`).join('; ')}`)
  return out.join('\n')
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlText(String(v))}"`)
    .join('')
}
