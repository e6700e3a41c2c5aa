import type { ProbeContext } from '../../src/checks/types.js'
import type { ProvenCarrier } from '../../src/model/target.js'

// A probe context holding only what the engine observed (one response with these Set-Cookie headers) and
// the target model: the cookie attributes and the cookie lifetime are judged from it without a server.

export function context(setCookies: string[], opts: { proven?: string[]; https?: boolean; issued?: string[] } = {}): ProbeContext {
  const carrier: ProvenCarrier | undefined = opts.proven
    ? {
        primary: { kind: 'cookie', name: opts.proven[0]! },
        required: opts.proven.map((name) => ({ kind: 'cookie' as const, name })),
        accepted: [],
        provenBy: 'test',
        evidence: [],
      }
    : undefined
  return {
    scope: { isHttps: opts.https ?? false },
    http: {
      observations: [
        { actor: 'victim', method: 'POST', url: 'http://127.0.0.1/login', status: 303, headers: {}, body: '', links: [], setCookies },
      ],
    },
    target: {
      framework: { id: 'generic' },
      issuingPath: '/login',
      issued: (opts.issued ?? []).map((name) => ({ name, value: 'v', header: `${name}=v` })),
      issuingExchanges: [],
      ...(carrier ? { carrier } : {}),
    },
  } as unknown as ProbeContext
}
