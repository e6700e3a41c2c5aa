import type { ApiSpec } from '../../openapi/index.js'
import { looksDestructive } from '../../target/destructive.js'
import type { ProbeContext } from '../types.js'

/**
 * What the cross-account crawl never fetches: the login and logout endpoints, operations that take a
 * password, and anything that names a destructive action. The words are the one list the pre-login
 * discovery walls off too (target/destructive.ts), matched on the path and its query after every layer
 * of percent-encoding, so `/account/log%6Fut` or `/notes/7?action=delete` is as unreachable here as there.
 */
export function neverFetched(ctx: ProbeContext, spec: ApiSpec | undefined): (path: string) => boolean {
  const login = ctx.login!.flow.login
  const paths = new Set(
    [login.url, login.page, ctx.config.logout?.url].filter((p): p is string => Boolean(p)).map((p) => new URL(p, ctx.scope.base).pathname),
  )
  for (const op of spec?.operations ?? []) if (op.body?.fields.some((f) => /pass/i.test(f))) paths.add(op.path)
  paths.delete(new URL(login.check.url, ctx.scope.base).pathname)
  return (path) => {
    const url = new URL(path, ctx.scope.base)
    return paths.has(url.pathname) || looksDestructive(`${url.pathname}${url.search}`)
  }
}
