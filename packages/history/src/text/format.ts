import { replaceControls, type Finding } from '@sessionguard/scanner'
import type { ScanDiff } from '../diff/diff.js'
import type { FleetRow } from '../fleet/view.js'
import { formatInterval } from '../monitor/duration.js'
import type { HistoryEntry } from '../store/types.js'

// Plain-text views for the CLI. Report content is printed as data: control characters are replaced so
// a hostile target cannot move the cursor or rewrite a terminal line through a finding title.

export function plain(s: string): string {
  return replaceControls(s, '?')
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length)
}

export function formatHistory(entries: HistoryEntry[]): string {
  if (entries.length === 0) return 'no scans recorded yet\n'
  const rows: string[][] = [['STARTED', 'SCAN', 'TARGET', 'GRADE', 'SCORE', 'FINDINGS', 'SOURCE']]
  for (const e of entries) {
    if (e.kind === 'scan') {
      const sev = (['critical', 'high', 'medium', 'low', 'info'] as const)
        .filter((s) => e.bySeverity[s] > 0)
        .map((s) => `${e.bySeverity[s]} ${s}`)
        .join(', ')
      rows.push([
        e.startedAt,
        e.scanId,
        plain(e.target),
        `${e.grade ?? '—'}${e.coverage ? ` (${e.complete === false ? 'incomplete: ' : ''}${e.grade === null ? 'fixation not tested; ' : ''}${e.coverage})` : ''}`,
        String(e.score),
        `${e.findings}${sev ? ` (${sev})` : ''}`,
        e.source,
      ])
    } else {
      // unreachable is DOWN; a scan that failed another way (a login that stopped working) is not an outage of the target
      const state = e.code === undefined || e.code === 'SG_TARGET_UNREACHABLE' ? 'DOWN' : 'ERROR'
      rows.push([e.at, '-', plain(e.target), state, '-', plain(e.error).slice(0, 60), e.source])
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]!))).join('  ')).join('\n') + '\n'
}

function line(f: Finding): string {
  // a title may already name its carrier ("… (via cookie sid)", "… (via X-Session-Id header)"): said once
  const named = f.carrier !== undefined && /\bvia\b/.test(f.title) && f.title.includes(f.carrier.name)
  const carrier = f.carrier && !named ? ` via ${f.carrier.kind} ${plain(f.carrier.name)}` : ''
  return `[${f.severity}] ${f.id} ${plain(f.title)}${carrier}`
}

export function formatDiff(d: ScanDiff): string {
  const out: string[] = []
  out.push(`${d.a.scanId} (${d.a.startedAt}) → ${d.b.scanId} (${d.b.startedAt})`)
  if (d.a.target !== d.b.target) out.push(`note: the scans are of different targets: ${plain(d.a.target)} and ${plain(d.b.target)}`)
  const sign = d.score.delta > 0 ? '+' : ''
  out.push(`grade ${d.grade.before ?? '—'} → ${d.grade.after ?? '—'}, score ${d.score.before} → ${d.score.after} (${sign}${d.score.delta})`)
  const section = (title: string, items: string[]) => {
    out.push(`${title} (${items.length})`)
    for (const i of items) out.push(`  ${i}`)
  }
  section('new', d.new.map(line))
  section('fixed', d.fixed.map(line))
  if (d.unverified.length)
    section(
      'not re-tested (not counted as fixed)',
      d.unverified.map((u) => `${line(u.finding)} — check ${u.status}`),
    )
  section(
    'unchanged',
    d.unchanged.map((u) => line(u.after)),
  )
  out.push(d.regression ? 'verdict: REGRESSION' : 'verdict: no regression')
  return out.join('\n') + '\n'
}

function trend(r: FleetRow): string {
  if (r.trend.delta === undefined) return ''
  return r.trend.delta > 0 ? `+${r.trend.delta}` : r.trend.delta < 0 ? String(r.trend.delta) : '='
}

function state(r: FleetRow): string {
  const parts = [r.overdue ? 'OVERDUE' : '', r.status === 'down' ? 'DOWN' : r.status === 'never' ? 'never scanned' : ''].filter(Boolean)
  return parts.join(', ') || 'ok'
}

/** One line per target, worst first (the rows come sorted): what `history --fleet` prints. */
export function formatFleet(rows: FleetRow[]): string {
  if (rows.length === 0) return 'no targets\n'
  const table: string[][] = [['GRADE', 'SCORE', 'TREND', 'STATE', 'LAST ENTRY', 'EVERY', 'SHARD', 'NAME', 'TARGET', 'TAGS']]
  for (const r of rows) {
    table.push([
      r.grade ?? '—',
      r.score === undefined ? '—' : String(r.score),
      trend(r),
      state(r),
      r.lastEntryAt ?? '—',
      r.everyMs ? formatInterval(r.everyMs) : '—',
      r.shard ?? '—',
      plain(r.name),
      plain(r.target),
      r.tags.map(plain).join(','),
    ])
  }
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)))
  const overdue = rows.filter((r) => r.overdue).length
  const down = rows.filter((r) => r.status === 'down').length
  const head = `${rows.length} target${rows.length === 1 ? '' : 's'}, ${overdue} overdue, ${down} down\n`
  return head + table.map((row) => row.map((c, i) => (i === row.length - 1 ? c : pad(c, widths[i]!))).join('  ')).join('\n') + '\n'
}

/** The warning `history` ends with when targets a monitor registered missed a whole round. */
export function formatOverdue(rows: FleetRow[]): string {
  const overdue = rows.filter((r) => r.overdue)
  if (overdue.length === 0) return ''
  const lines = overdue.map(
    (r) =>
      `  ${plain(r.name)}${r.name !== r.target ? ` (${plain(r.target)})` : ''}: every ${formatInterval(r.everyMs ?? 0)}, last entry ${r.lastEntryAt ?? 'never'}${r.shard ? `, shard ${r.shard}` : ''}`,
  )
  return `OVERDUE: ${overdue.length} target${overdue.length === 1 ? '' : 's'} missed a whole round (a worker died, is stuck, or has too much to scan):\n${lines.join('\n')}\n`
}
