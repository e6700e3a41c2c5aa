import { CATEGORIES, CHECK_IDS, FAMILY_IDS, type Category, type CheckId } from '../model/vocabulary.js'

/** Edit distance, for "did you mean" on a misspelt check or family name. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = up
    }
  }
  return prev[b.length]!
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase()
  let best: string | undefined
  let bestD = Infinity
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase())
    if (d < bestD) {
      best = c
      bestD = d
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined
}

export function isCheckId(name: string): name is CheckId {
  return (CHECK_IDS as readonly string[]).includes(name)
}
export function isCategory(name: string): name is Category {
  return (CATEGORIES as readonly string[]).includes(name)
}

/** Why a name is neither a check id nor a family, with the nearest valid one; undefined when it is valid. */
export function unknownCheckName(name: string, allowFamilies: boolean): string | undefined {
  if (isCheckId(name) || (allowFamilies && isCategory(name))) return undefined
  const pool = allowFamilies ? [...CHECK_IDS, ...CATEGORIES] : [...CHECK_IDS]
  const near = closest(name, pool)
  return `unknown ${allowFamilies ? 'check or family' : 'check id'} ${JSON.stringify(name)}${near ? ` (did you mean ${near}?)` : ''}; ${allowFamilies ? `families: ${CATEGORIES.join(', ')}; ` : ''}ids are listed in docs/checks.md`
}

/** The check ids a list of ids and family names stands for. */
export function expandCheckNames(names: readonly string[]): Set<CheckId> {
  const out = new Set<CheckId>()
  for (const n of names) {
    if (isCheckId(n)) out.add(n)
    else if (isCategory(n)) for (const id of FAMILY_IDS[n]) out.add(id)
  }
  return out
}
