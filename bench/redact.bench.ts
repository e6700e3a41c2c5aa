// Redacting a finished report: every string of it searched for every secret the scan knows, in every
// encoding a target may reflect it in. Peer: a JSON round trip of the same report (a walk that copies
// every string: the floor of any redaction that returns a new report), measured in the same run,
// alternating with the redaction so noise lands on both sides. Figures are the median of the
// per-pair ratios, in CPU time.
import { randomBytes } from 'node:crypto'
import { Redactor } from '../packages/scanner/src/http/redact.js'

const PAIRS = 7

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}

function cpu(f: () => void): number {
  const c = process.cpuUsage()
  f()
  const used = process.cpuUsage(c)
  return (used.user + used.system) / 1000
}

/** A deterministic report of `exchanges` exchanges: HTML and JSON bodies, encoded query strings, cookies, some reflections. */
function makeReport(exchanges: number, password: string, ids: string[]): unknown {
  let seed = 42
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed % n
  }
  const words = [
    'session',
    'account',
    'login',
    'the',
    'a',
    'order',
    'cart',
    'welcome',
    'alice',
    'price',
    'total',
    '&amp;',
    '&lt;b&gt;',
    'ok',
  ]
  const prose = (n: number): string => Array.from({ length: n }, () => words[rnd(words.length)]).join(' ')
  const findings = []
  for (let f = 0; f * 10 < exchanges; f++) {
    const evidence = []
    for (let e = 0; e < 10; e++) {
      const id = ids[rnd(ids.length)]!
      const reflect = rnd(10) === 0 ? `<input type=hidden value="${id}">` : ''
      const json = rnd(3) === 0
      evidence.push({
        actor: ['attacker', 'victim', 'scanner'][rnd(3)],
        request: {
          method: rnd(4) === 0 ? 'POST' : 'GET',
          url: `http://127.0.0.1:3000/account/orders/${rnd(1000)}?next=%2Faccount%2Fsettings&q=${encodeURIComponent(prose(3))}`,
          headers: { cookie: `sid=${id}; theme=dark`, 'user-agent': 'sessionguard/0.1.0', accept: 'text/html,application/json' },
          ...(rnd(4) === 0 ? { body: `username=alice&password=${encodeURIComponent(password)}&remember=1` } : {}),
        },
        response: {
          status: 200,
          headers: {
            'content-type': json ? 'application/json' : 'text/html; charset=utf-8',
            'set-cookie': [`sid=${id}; Path=/; HttpOnly`],
          },
          body: json
            ? JSON.stringify({ user: 'alice', note: prose(20), html: `<p>${prose(10)}</p>`, path: '/a/b\\c' }).slice(0, 600)
            : `<!doctype html><html><head><title>${prose(4)}</title></head><body><p>${prose(60)}</p>${reflect}<a href="/x?a=1&amp;b=2">next</a></body></html>`.slice(
                0,
                600,
              ),
        },
        note: prose(6),
      })
    }
    findings.push({ id: 'SG-FIX-LOGIN', title: prose(6), summary: prose(40), evidence })
  }
  return { target: 'http://127.0.0.1:3000/', findings, notes: [prose(12), prose(20)] }
}

function measure(name: string, secrets: { password: string; ids: string[]; extra?: string[] }, exchanges: number): void {
  const report = makeReport(exchanges, secrets.password, secrets.ids)
  const build = (): Redactor => {
    const r = new Redactor()
    r.addPassword(secrets.password)
    for (const id of [...secrets.ids, ...(secrets.extra ?? [])]) r.addSecret(id)
    return r
  }
  // warm-up, and a check that the figure is of a redaction that worked
  const out = JSON.stringify(build().report(report))
  if (out.includes(secrets.ids[0]!) || out.includes(encodeURIComponent(secrets.password))) throw new Error(`${name}: a secret was left`)
  JSON.parse(JSON.stringify(report))
  const ratios: number[] = []
  const times: number[] = []
  for (let i = 0; i < PAIRS; i++) {
    const t = cpu(() => build().report(report))
    const peer = cpu(() => JSON.parse(JSON.stringify(report)))
    times.push(t)
    ratios.push(t / peer)
  }
  const chars = JSON.stringify(report).length
  console.log(
    `${name}: ${exchanges} exchanges (${(chars / 1e6).toFixed(1)} M characters), ${1 + secrets.ids.length + (secrets.extra?.length ?? 0)} secrets: ` +
      `redaction ${quantile(times, 0.5).toFixed(0)} ms CPU, ${quantile(ratios, 0.5).toFixed(1)}x a JSON round trip of the report ` +
      `(per-pair quartiles ${quantile(ratios, 0.25).toFixed(1)}-${quantile(ratios, 0.75).toFixed(1)})`,
  )
}

export default async function (): Promise<void> {
  const password = 'Pä ss/w+rd"<&>\'=42!'
  const ids = Array.from({ length: 20 }, () => randomBytes(24).toString('base64url'))
  measure('typical scan', { password, ids }, 300)
  measure('large report', { password, ids }, 3000)
  const sampled = Array.from({ length: 2000 }, () => randomBytes(16).toString('hex'))
  measure('2000 sampled ids', { password, ids, extra: sampled }, 300)
}
