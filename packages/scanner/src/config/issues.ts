import type { core } from 'zod'

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
