import type { Carrier, CheckId, CheckOutcome, Finding } from '../model/finding.js'
import type { ScanReport, SuppressedFinding } from '../model/report.js'
import { CHECK_IDS } from '../model/finding.js'
import { scoreFindings } from '../run/score.js'
import { IgnoreExpiredError } from '../errors.js'
import { expandCheckNames } from '../config/check-names.js'
import { ENABLE } from '../checks/needs.js'
import { CARRIER_PATTERN, type ChecksSelection, type IgnoreEntry } from '../config/triage-schema.js'

export interface TriageOptions {
  checks?: ChecksSelection
  ignore?: readonly IgnoreEntry[]
  /** Today, for expiry (default: now). */
  now?: Date
}

/** The checks a `checks:` selection keeps: the included ones (all when none is listed) minus the excluded ones. */
export function selectedChecks(sel: ChecksSelection | undefined): Set<CheckId> {
  const base = sel?.include?.length ? expandCheckNames(sel.include) : new Set<CheckId>(CHECK_IDS)
  for (const id of expandCheckNames(sel?.exclude ?? [])) base.delete(id)
  return base
}

export function describeEntry(e: IgnoreEntry): string {
  return `${e.check}${e.carrier ? ` (${e.carrier})` : ''}`
}

/** Entries whose last day is before today (UTC). */
export function expiredEntries(entries: readonly IgnoreEntry[], now = new Date()): IgnoreEntry[] {
  const today = now.toISOString().slice(0, 10)
  return entries.filter((e) => e.expires !== undefined && e.expires < today)
}

/** An expired acceptance is a decision nobody re-took: the scan refuses to start until it is renewed or removed. */
export function assertIgnoreCurrent(entries: readonly IgnoreEntry[] | undefined, now = new Date()): void {
  const expired = expiredEntries(entries ?? [], now)
  if (expired.length === 0) return
  const list = expired
    .map((e) => `${describeEntry(e)} expired ${e.expires} (reason was: ${JSON.stringify(e.reason.slice(0, 120))})`)
    .join('; ')
  throw new IgnoreExpiredError(
    `ignore entr${expired.length > 1 ? 'ies' : 'y'} ${list}: fix the finding and remove the entry, or set a new expires date`,
  )
}

export function carrierText(c: Carrier | undefined): string | undefined {
  return c ? `${c.kind}:${c.name}` : undefined
}

export function ignoreMatches(e: IgnoreEntry, f: Finding): boolean {
  if (e.check !== f.id) return false
  if (e.carrier === undefined) return true
  const m = CARRIER_PATTERN.exec(e.carrier)
  // carrier names are compared as the server sent them, except the cookie/header/… kind
  return Boolean(m && f.carrier && f.carrier.kind === m[1] && f.carrier.name === m[2])
}

/**
 * Applies `checks:` and `ignore:` to a finished scan: findings of checks left out are dropped and
 * their outcome says so (not tested, not passed); findings an ignore entry accepts move to
 * `suppressed` with the entry's reason. The score is recomputed over what is left, so an accepted
 * finding does not hold a --threshold gate down either.
 */
export function applyTriage(report: ScanReport, opts: TriageOptions): ScanReport {
  const ignore = opts.ignore ?? []
  assertIgnoreCurrent(ignore, opts.now)
  const keep = selectedChecks(opts.checks)
  if (keep.size === CHECK_IDS.length && ignore.length === 0) return report

  const checks: CheckOutcome[] = report.checks.map((o) => {
    if (keep.has(o.id)) return o
    const listed = opts.checks?.exclude?.length && expandCheckNames(opts.checks.exclude).has(o.id)
    return {
      id: o.id,
      status: 'not-tested',
      reason: listed ? 'left out by checks.exclude' : 'not in checks.include',
      enableWith: ENABLE.selection,
    }
  })
  const active: Finding[] = []
  const suppressed: SuppressedFinding[] = [...(report.suppressed ?? [])]
  const used = new Set<IgnoreEntry>()
  for (const f of report.findings) {
    if (!keep.has(f.id)) continue
    const entry = ignore.find((e) => ignoreMatches(e, f))
    if (entry) {
      used.add(entry)
      suppressed.push({ by: 'ignore', reason: entry.reason, ...(entry.expires ? { expires: entry.expires } : {}), finding: f })
    } else active.push(f)
  }
  const notes = [...report.notes]
  for (const e of ignore)
    if (!used.has(e))
      notes.push(`The ignore entry for ${describeEntry(e)} matched no finding in this scan; remove it if the issue is fixed.`)
  return {
    ...report,
    findings: active,
    checks,
    score: scoreFindings(active, checks, { source: Boolean(report.source) }),
    notes,
    ...(suppressed.length ? { suppressed } : {}),
  }
}
