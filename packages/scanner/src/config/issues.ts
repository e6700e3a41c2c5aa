import type { core } from 'zod'
import { closest } from './check-names.js'

type Issue = core.$ZodIssue

/**
 * A union (e.g. login.credentials: one account or a list) fails as a whole with "Invalid input".
 * The branch whose shape the value has (an object for an object, a list for a list) holds the
 * useful issues: they replace the union's, with their paths made absolute.
 */
export function flattenIssues(issues: readonly Issue[]): Issue[] {
  const out: Issue[] = []
  for (const issue of issues) {
    if (issue.code !== 'invalid_union' || !('errors' in issue) || issue.errors.length === 0) {
      out.push(issue)
      continue
    }
    const shaped = issue.errors.filter((branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0))
    if (shaped.length !== 1) {
      out.push(issue)
      continue
    }
    out.push(...flattenIssues(shaped[0]!.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as Issue)))
  }
  return out
}

/** The message for one issue; an unknown key next to a missing one is probably its misspelling. */
export function issueMessage(issue: Issue, all: readonly Issue[]): string {
  if (issue.code !== 'unrecognized_keys') return issue.message
  const here = issue.path.join('.')
  const missing = all
    .filter(
      (i) =>
        i.code === 'invalid_type' &&
        i.path.length === issue.path.length + 1 &&
        i.path.slice(0, -1).join('.') === here &&
        /received undefined/.test(i.message),
    )
    .map((i) => String(i.path[i.path.length - 1]))
  const hints = issue.keys.map((k) => closest(k, missing)).filter((x): x is string => x !== undefined)
  const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ')
  return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}${hints.length ? ` (did you mean ${hints.join(', ')}?)` : ''}`
}
