import type { CheckId, Finding } from '../model/finding.js'
import type { ScanReport } from '../model/report.js'
import type { LocatedHandler, SourceResult } from './index.js'

// One story from the scan and the code (`scan --source`): the scan proves fixation through the login
// route it used; the check located the handler of that route. A scan finding of the fixation family
// gets the handler's file, line and excerpt; a code finding in that handler is confirmed when the
// scan proved fixation there, not confirmed when the attack ran there and failed, and not reached
// when the scan logged in elsewhere or could not attack.

const FIXATION: CheckId[] = ['SG-FIX-ADOPT', 'SG-FIX-LOGIN', 'SG-FIX-OLDID']

export interface LoginRoute {
  method: string
  path: string
}

const trim = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p)

/** The handler of the scan's login route: same method and path, else the one route whose path ends the same way. */
export function handlerFor(handlers: readonly LocatedHandler[], login: LoginRoute): LocatedHandler | undefined {
  const path = trim(new URL(login.path, 'http://x').pathname)
  const routed = handlers.filter(
    (h) => h.route && (h.route.method === login.method || h.route.method === 'ALL' || h.route.method === 'ANY'),
  )
  const exact = routed.filter((h) => trim(h.route!.path) === path)
  if (exact.length) return exact[0]
  // a router mounted under a prefix: /auth + /login; only when exactly one route fits
  const suffix = routed.filter((h) => h.route!.path !== '/' && path.endsWith(trim(h.route!.path)))
  return suffix.length === 1 ? suffix[0] : undefined
}

export function joinSource(report: ScanReport, source: SourceResult, login: LoginRoute | undefined): ScanReport {
  const handler = login ? handlerFor(source.handlers, login) : undefined
  const proven = report.findings.filter((f) => FIXATION.includes(f.id))
  const ran = report.checks.filter((c) => FIXATION.includes(c.id) && (c.status === 'passed' || c.status === 'failed')).map((c) => c.id)
  const inHandler = (f: Finding): boolean =>
    Boolean(
      handler &&
      f.code?.handler &&
      f.code.handler.location.file === handler.location.file &&
      f.code.handler.location.line === handler.location.line,
    )
  const codeFindings = source.findings.map((f): Finding => {
    if (!f.code || f.id === 'SG-SRC-ADVISORY') return f
    const where = f.code.handler?.name ?? 'this handler'
    if (!login)
      return {
        ...f,
        code: {
          ...f.code,
          scan: { status: 'not-reached', note: 'the scan had no login configured, so it did not log in through any handler' },
        },
      }
    const route = `${login.method} ${login.path}`
    if (!inHandler(f))
      return {
        ...f,
        code: { ...f.code, scan: { status: 'not-reached', note: `the scan logged in through ${route}; ${where} was not attacked` } },
      }
    if (proven.length)
      return {
        ...f,
        confidence: 'confirmed',
        code: {
          ...f.code,
          scan: {
            status: 'confirmed',
            note: `the scan proved fixation through ${route} (${[...new Set(proven.map((p) => p.id))].join(', ')})`,
            checks: [...new Set(proven.map((p) => p.id))],
          },
        },
      }
    if (ran.length)
      return {
        ...f,
        code: {
          ...f.code,
          scan: {
            status: 'not-confirmed',
            note: `the scan attacked ${route} (${ran.join(', ')}) and the server resisted; the pattern may be unreachable or guarded elsewhere`,
          },
        },
      }
    return { ...f, code: { ...f.code, scan: { status: 'not-reached', note: `the fixation checks did not run against ${route}` } } }
  })
  const scanFindings = report.findings.map((f): Finding => {
    if (!handler || !FIXATION.includes(f.id)) return f
    const causes = codeFindings.filter((c) => c.code?.scan?.status === 'confirmed')
    const cause = causes[0]?.code
    return {
      ...f,
      code: {
        location: handler.location,
        language: handler.language,
        handler: { name: handler.name, ...(handler.route ? { route: handler.route } : {}), location: handler.location },
        flow: cause?.flow ?? [],
        excerpt: handler.excerpt,
        scan: {
          status: 'confirmed',
          note: causes.length
            ? `the code finding${causes.length > 1 ? 's' : ''} ${causes.map((c) => `${c.id} at ${c.code!.location.file}:${c.code!.location.line}`).join(', ')} in this handler explain${causes.length > 1 ? '' : 's'} it`
            : `the login route's handler is ${handler.name} (${handler.location.file}:${handler.location.line}); no code shape was recognised in it`,
          checks: causes.map((c) => c.id),
        },
      },
    }
  })
  return { ...report, findings: [...scanFindings, ...codeFindings] }
}
