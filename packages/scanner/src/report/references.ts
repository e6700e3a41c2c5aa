import type { References } from '../model/finding.js'

const LABELS: [keyof References, string][] = [
  ['cwe', 'CWE'],
  ['owaspTop10', 'OWASP Top 10 2021'],
  ['owaspApi', 'OWASP API Top 10 2023'],
  ['asvs', 'ASVS'],
  ['pciDss', 'PCI DSS'],
  ['soc2', 'SOC 2'],
]

/** The non-empty reference families of a finding, labelled, in a fixed order. */
export function referenceList(refs: References): { label: string; ids: string[] }[] {
  return LABELS.filter(([key]) => (refs[key] ?? []).length > 0).map(([key, label]) => ({ label, ids: [...refs[key]] }))
}

/** "external/cwe/cwe-384" tags as GitHub code scanning and CodeQL spell them. */
export function cweTags(refs: References): string[] {
  return refs.cwe
    .map((c) => /^CWE-(\d+)$/i.exec(c.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `external/cwe/cwe-${m[1]}`)
}
