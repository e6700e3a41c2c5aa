import { CHECK_IDS } from '../model/finding.js'
import { CHECKS } from './registry.js'
import { REFERENCE_NAMES } from '../knowledge/reference-names.js'
import type { References } from '../model/finding.js'

// The text of docs/checks.md. Built here, in the library, so that the test can compare the committed
// file with what the code would write without running the generator script.

const STANDARDS: Array<{ kind: keyof References; heading: string }> = [
  { kind: 'cwe', heading: 'CWE' },
  { kind: 'owaspTop10', heading: 'OWASP Top 10 2021' },
  { kind: 'owaspApi', heading: 'OWASP API Security Top 10 2023' },
  { kind: 'asvs', heading: 'OWASP ASVS 5.0' },
  { kind: 'pciDss', heading: 'PCI DSS 4.0' },
  { kind: 'soc2', heading: 'SOC 2 (Trust Services Criteria)' },
]

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')
}

export function checksTableMarkdown(): string {
  const lines: string[] = []
  lines.push('# Checks and compliance mapping')
  lines.push('')
  lines.push('<!-- Generated from packages/scanner/src/checks/registry.ts by scripts/gen-checks-doc.ts; do not edit by hand. -->')
  lines.push('')
  lines.push(
    'Every finding sessionguard reports carries one of these ids. Severity is the default; a probe lowers it when the',
    'evidence is weaker (for example a cookie attribute on a cookie not proven to carry the session). "Needs" is the',
    'configuration a check requires; without it the check is listed as not tested, with the flags that enable it.',
  )
  lines.push('')
  lines.push(
    '| id | title | severity | category | what is proven | a pass shows | needs | CWE | OWASP 2021 | OWASP API 2023 | ASVS 5.0 | PCI DSS 4.0 | SOC 2 |',
  )
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|')
  for (const id of CHECK_IDS) {
    const c = CHECKS[id]
    const r = c.references
    lines.push(
      '| ' +
        [
          `\`${c.id}\``,
          c.title,
          c.severity,
          c.category,
          c.description,
          c.passed,
          c.requires,
          r.cwe.join(', '),
          r.owaspTop10.join(', '),
          r.owaspApi.join(', '),
          r.asvs.join(', '),
          r.pciDss.join(', '),
          r.soc2.join(', '),
        ]
          .map(cell)
          .join(' | ') +
        ' |',
    )
  }
  lines.push('')
  lines.push('## How to enable the checks that need configuration')
  lines.push('')
  lines.push('The hint a report prints beside a check it could not run. A check may print a narrower one for its situation')
  lines.push('(for example, a login is configured but no pre-login session was found).')
  lines.push('')
  const byHint = new Map<string, string[]>()
  for (const id of CHECK_IDS) {
    const hint = CHECKS[id].enableWith
    if (hint) byHint.set(hint, [...(byHint.get(hint) ?? []), id])
  }
  for (const [hint, ids] of byHint) lines.push(`- ${ids.map((id) => `\`${id}\``).join(', ')}: ${hint}`)
  lines.push('')
  lines.push('## What the references mean')
  for (const { kind, heading } of STANDARDS) {
    const used = new Set(CHECK_IDS.flatMap((id) => CHECKS[id].references[kind]))
    lines.push('')
    lines.push(`**${heading}**`)
    lines.push('')
    for (const ref of [...used].sort(compareRefs)) {
      lines.push(`- ${ref}: ${REFERENCE_NAMES[kind][ref] ?? '(no title recorded)'}`)
    }
  }
  lines.push('')
  return lines.join('\n')
}

// Numeric-aware order so that V3.3.4 comes before V11.5.1 and CWE-384 before CWE-1004.
function compareRefs(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true })
}
