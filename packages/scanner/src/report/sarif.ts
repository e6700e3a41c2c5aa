import { createHash } from 'node:crypto'
import { coverageFacts } from './coverage-text.js'
import { CHECK_IDS, type CheckId, type Confidence, type Finding, type Severity } from '../model/finding.js'
import type { ScanReport } from '../model/report.js'
import { CHECKS } from '../checks/registry.js'
import { checkRows } from './checks-view.js'
import { mdFence } from './escape.js'
import { cweTags, referenceList } from './references.js'
import type { RenderOptions } from './formats.js'
import { sortFindings } from './severity.js'
import { clip, stripControls, untrusted } from './text.js'
import { artifactFor, SRCROOT, webExchange, webLocation, type SarifArtifact } from './sarif-web.js'

// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. Choices, and why:
//  - One rule per check of the whole catalogue, not only those that fired: rules are meant to change
//    only with the tool, and a stable rule list keeps alerts of earlier runs matched to their rule.
//  - A black-box finding is about a web request: each result carries the decisive exchange as
//    webRequest/webResponse and the target URL as a logical location (sarif-web.ts). GitHub needs a
//    physicalLocation with a repository-relative artifact to show a result, so when a real file
//    describes the scan (RenderOptions.artifactUri: the config, the workflow) results are anchored to
//    it, at the line that names the target; without one there is no file location at all.
//  - partialFingerprints.primaryLocationLineHash (the only fingerprint GitHub reads) is derived from
//    the check, the target's origin and path, the carrier and the title, so the same weakness on the
//    same target is one alert across runs, and a different target or carrier is another.

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json'

type Level = 'error' | 'warning' | 'note'
const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' }

// GitHub maps these to its own bands: >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
}

const PRECISION: Record<Confidence, string> = { confirmed: 'very-high', firm: 'high', tentative: 'medium' }

// GitHub caps both descriptions at 1024 characters.
const DESCRIPTION_MAX = 1024

export function renderSarif(report: ScanReport, opts: RenderOptions = {}): string {
  const artifact = artifactFor(opts.artifactUri, opts.artifactLine)
  const rows = checkRows(report)
  const rules = CHECK_IDS.map((id) =>
    rule(
      id,
      report.findings.filter((f) => f.id === id),
    ),
  )
  const seen = new Map<string, number>()
  const results = sortFindings(report.findings).map((f) => result(f, report, artifact, seen))
  // suppressed findings stay visible to code scanning, marked as accepted with the reason given
  for (const x of report.suppressed ?? []) {
    const justification = `${x.by === 'ignore' ? `ignore list${x.expires ? ` (until ${x.expires})` : ''}` : 'baseline'}: ${untrusted(x.reason, 500)}`
    results.push({ ...result(x.finding, report, artifact, seen), suppressions: [{ kind: 'external', status: 'accepted', justification }] })
  }

  const notifications = rows
    .filter((r) => r.status === 'error' || r.status === 'not-tested')
    .map((r) => ({
      level: r.status === 'error' ? 'error' : 'note',
      message: {
        text:
          r.status === 'error'
            ? `${r.id} failed to run: ${untrusted(r.reason ?? 'unknown error', 500)}`
            : `${r.id} not tested${r.reason ? `: ${untrusted(r.reason, 500)}` : ''}${r.enableWith ? ` (enable with ${untrusted(r.enableWith, 300)})` : ''}`,
      },
      associatedRule: { id: r.id, index: CHECK_IDS.indexOf(r.id) },
    }))

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sessionguard',
            semanticVersion: report.tool.version,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: !rows.some((r) => r.status === 'error'),
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
            toolExecutionNotifications: notifications,
          },
        ],
        ...(artifact?.uriBaseId
          ? { originalUriBaseIds: { [SRCROOT]: { description: { text: 'Root of the repository that holds the scan configuration.' } } } }
          : {}),
        results,
        properties: {
          target: report.target,
          scanId: report.scanId,
          score: report.score.value,
          grade: coverageFacts(report).grade,
          gradeLabel: coverageFacts(report).label,
          coverage: coverageFacts(report).coverage,
          complete: coverageFacts(report).complete,
          categories: report.score.categories,
          framework: report.framework.id,
          requestCount: report.requestCount,
          durationMs: report.durationMs,
          passed: rows.filter((r) => r.status === 'passed').map((r) => r.id),
          notTested: rows.filter((r) => r.status === 'not-tested').map((r) => r.id),
          ...(report.gate ? { gate: report.gate } : {}),
        },
      },
    ],
  }
  return `${JSON.stringify(log, null, 2)}\n`
}

function rule(id: CheckId, findings: Finding[]) {
  const info = CHECKS[id]
  // The fix is written for the framework detected in this scan; shown only when the check fired,
  // because the generic text of a passing check would only be noise in the rule help.
  const fix = findings[0]?.remediation
  const refs = referenceList(info.references)
  const refText = refs.map((r) => `${r.label} ${r.ids.join(', ')}`).join('; ')

  const textParts = [info.title, '', info.description]
  const mdParts = [`**${info.title}**`, '', info.description]
  if (fix) {
    const framework = untrusted(fix.framework, 40)
    textParts.push('', `How to fix (${framework}): ${stripControls(fix.text)}`)
    mdParts.push('', `#### How to fix (${framework})`, '', stripControls(fix.text))
    if (fix.snippet) {
      textParts.push('', stripControls(fix.snippet))
      mdParts.push('', mdFence(stripControls(fix.snippet)))
    }
  }
  if (refs.length > 0) {
    textParts.push('', `References: ${refText}`)
    mdParts.push('', '#### References', '', ...refs.map((r) => `- ${r.label}: ${r.ids.join(', ')}`))
  }

  const confidence = findings[0]?.confidence
  return {
    id,
    name: ruleName(id),
    shortDescription: { text: clip(info.title, DESCRIPTION_MAX) },
    fullDescription: { text: clip(info.description, DESCRIPTION_MAX) },
    defaultConfiguration: { level: LEVEL[info.severity] },
    help: { text: textParts.join('\n'), markdown: mdParts.join('\n') },
    properties: {
      tags: ['security', 'session-management', info.category, ...cweTags(info.references)],
      precision: confidence ? PRECISION[confidence] : 'high',
      'security-severity': SECURITY_SEVERITY[info.severity],
    },
  }
}

function result(f: Finding, report: ScanReport, artifact: SarifArtifact | undefined, seen: Map<string, number>): Record<string, unknown> {
  const target = untrusted(report.target, 500)
  const key = fingerprintKey(f, report.target)
  const occurrence = (seen.get(key) ?? 0) + 1
  seen.set(key, occurrence)
  const properties: Record<string, unknown> = {
    severity: f.severity,
    confidence: f.confidence,
    category: f.category,
    target: report.target,
    exchanges: f.evidence.length,
  }
  if (f.carrier) properties.carrier = `${f.carrier.kind}:${f.carrier.name}`
  return {
    ruleId: f.id,
    ruleIndex: CHECK_IDS.indexOf(f.id),
    level: LEVEL[f.severity],
    message: { text: `${untrusted(f.title, 300)} at ${target}. ${untrusted(f.summary, 2000)}` },
    locations: [webLocation(report.target, target, artifact)],
    ...webExchange(f),
    partialFingerprints: {
      primaryLocationLineHash: `${key.slice(0, 16)}:${occurrence}`,
      'sessionguardFinding/v1': key,
    },
    properties,
  }
}

/** Stable across runs: the check, where (origin and path, not query), through which carrier, and what. */
function fingerprintKey(f: Finding, target: string): string {
  let where = target
  try {
    const u = new URL(target)
    where = `${u.origin}${u.pathname}`
  } catch {
    // not a URL: the string itself is as stable as anything
  }
  const carrier = f.carrier ? `${f.carrier.kind}:${f.carrier.name}` : ''
  return createHash('sha256').update([f.id, where, carrier, f.title].join('\n')).digest('hex').slice(0, 32)
}

/** "SG-COOKIE-HTTPONLY" → "CookieHttponly": SARIF wants a readable identifier-like name. */
function ruleName(id: CheckId): string {
  return id
    .split('-')
    .slice(1)
    .map((w) => w.charAt(0) + w.slice(1).toLowerCase())
    .join('')
}
