/** The longest prefix and suffix every token shares: fixed text around the part that varies. */
export function commonAffixes(tokens: string[]): { prefix: string; suffix: string } {
  if (tokens.length === 0) return { prefix: '', suffix: '' }
  let shortest = tokens[0]!
  for (const t of tokens) if (t.length < shortest.length) shortest = t
  let p = 0
  outer: for (; p < shortest.length; p++) {
    const c = shortest.charCodeAt(p)
    for (const t of tokens) if (t.charCodeAt(p) !== c) break outer
  }
  let s = 0
  outer2: for (; s < shortest.length - p; s++) {
    const c = shortest.charCodeAt(shortest.length - 1 - s)
    for (const t of tokens) if (t.charCodeAt(t.length - 1 - s) !== c) break outer2
  }
  return { prefix: shortest.slice(0, p), suffix: s > 0 ? shortest.slice(shortest.length - s) : '' }
}
