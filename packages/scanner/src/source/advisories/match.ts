import type { Locked } from '../lockfiles/index.js'
import { ADVISORIES, type Advisory } from './data.js'
import { inRange } from './versions.js'

// Which locked packages an advisory affects. Python names compare after PEP 503 normalisation
// (Django = django, Flask_Session = flask-session); npm and crates names are exact.

export interface AdvisoryHit {
  advisory: Advisory
  locked: Locked
}

function normal(ecosystem: Advisory['ecosystem'], name: string): string {
  return ecosystem === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name
}

export function matchAdvisories(locked: readonly Locked[], advisories: readonly Advisory[] = ADVISORIES): AdvisoryHit[] {
  const out: AdvisoryHit[] = []
  for (const l of locked)
    for (const a of advisories) {
      if (a.ecosystem !== l.ecosystem || normal(a.ecosystem, a.package) !== normal(l.ecosystem, l.name)) continue
      if (a.ranges.some((r) => inRange(l.version, r))) out.push({ advisory: a, locked: l })
    }
  return out
}
