// npm run demo: the whole story in one command. Starts an embedded DynamoDB and both example APIs on
// free loopback ports, scans both with the full scanner, prints the results side by side, writes
// JSON and HTML reports to ./sessionguard-report/, and stops everything it started.
import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { render, scan, type Finding, type ScanConfigInput, type ScanReport } from '@sessionguard/scanner'
import { connectDynamo } from './embedded-dynamodb.js'
import { startVulnerableApi } from './vulnerable-api/src/index.js'
import { startSecureApi } from './secure-api/src/index.js'
import { USERS } from './users.js'

const tty = process.stderr.isTTY === true
const color = process.stdout.isTTY === true && !process.env.NO_COLOR
const paint = (code: string, s: string): string => (color ? `\x1b[${code}m${s}\x1b[0m` : s)
/** One status line per phase: rewritten in place on a terminal, one plain line each when piped (never the same line twice). */
function stepper(write: (s: string) => void = (s) => process.stderr.write(s)): (msg: string) => void {
  let last = ''
  return (msg) => {
    if (msg === last) return
    last = msg
    write(tty ? `\r\x1b[2K… ${msg}` : `… ${msg}\n`)
  }
}

/** The scan config a user would write for these APIs (JSON login, /me as the protected page). */
export function demoConfig(url: string, samples: number): ScanConfigInput {
  return {
    target: url,
    login: {
      url: '/login',
      type: 'json',
      fields: { username: 'username', password: 'password' },
      credentials: { username: 'alice', password: USERS.alice!.password },
      check: { url: '/me', contains: 'alice' },
    },
    logout: { url: '/logout', method: 'POST' },
    tokens: { samples },
  }
}

function column(r: ScanReport, title: string): string[] {
  const gradeColor = r.score.grade === 'A' ? '32' : r.score.grade === 'F' ? '31' : '33'
  const lines = [
    title,
    `grade ${paint(`1;${gradeColor}`, r.score.grade ?? '—')}  score ${r.score.value}/100`,
    `${r.requestCount} requests, ${(r.durationMs / 1000).toFixed(1)} s`,
    '',
  ]
  if (r.findings.length === 0) lines.push('no findings')
  for (const f of r.findings)
    lines.push(`${f.severity.toUpperCase().padEnd(8)} ${f.id}${f.carrier && f.id === 'SG-FIX-ADOPT' ? ` (${f.carrier.kind})` : ''}`)
  if (r.tokens) lines.push('', `token entropy: ${Math.round(r.tokens.effectiveBits)} bits (${r.tokens.samples} ids)`)
  return lines
}

const visible = (s: string): number => s.replace(/\x1b\[[0-9;]*m/g, '').length

function sideBySide(a: string[], b: string[], width = 46): string {
  const rows = Math.max(a.length, b.length)
  const out: string[] = []
  for (let i = 0; i < rows; i++) {
    const left = a[i] ?? ''
    out.push(`  ${left}${' '.repeat(Math.max(1, width - visible(left)))}│ ${b[i] ?? ''}`)
  }
  return out.join('\n')
}

/** The attack as it was performed: one line per exchange (full exchanges are in the HTML report). */
function proof(f: Finding): string[] {
  const lines = [f.summary, '']
  f.evidence.forEach((x, i) => {
    const u = new URL(x.request.url)
    const sent = x.request.headers.cookie
      ? ` cookie: ${x.request.headers.cookie}`
      : x.request.headers['X-Session-Id']
        ? ` X-Session-Id: ${x.request.headers['X-Session-Id']}`
        : ''
    lines.push(
      `${String(i + 1).padStart(2)}. ${x.actor.padEnd(8)} ${x.request.method} ${u.pathname}${sent} → ${x.response?.status ?? x.error}   ${paint('2', x.note ?? '')}`,
    )
  })
  return lines
}

export async function runDemo(
  opts: { outDir?: string; samples?: number; log?: (s: string) => void; progress?: (s: string) => void } = {},
): Promise<{ vulnerable: ScanReport; secure: ScanReport; outDir: string }> {
  const log = opts.log ?? ((s: string) => process.stdout.write(`${s}\n`))
  const step = stepper(opts.progress)
  // the SDK's notice that releases from 2027 need Node 22 is about upgrading the SDK, not about this
  // demo on the Node it supports; a user who set the variable either way keeps their choice
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const outDir = resolve(opts.outDir ?? 'sessionguard-report')
  const samples = opts.samples ?? 200
  step(
    process.env.DYNAMODB_ENDPOINT
      ? `connecting to DynamoDB at ${process.env.DYNAMODB_ENDPOINT}`
      : 'starting an embedded DynamoDB (dynalite)',
  )
  const dynamo = await connectDynamo()
  const stops: Array<() => Promise<void>> = [() => dynamo.close()]
  try {
    step('starting vulnerable-api and secure-api')
    const vulnerableApi = await startVulnerableApi(dynamo.client)
    stops.unshift(() => vulnerableApi.close())
    const secureApi = await startSecureApi(dynamo.client, 0, { transactions: dynamo.transactions })
    stops.unshift(() => secureApi.close())
    const progress = (name: string) => (e: { kind: string; phase?: string; id?: string; collected?: number; total?: number }) => {
      if (e.kind === 'phase') step(`${name}: ${e.phase}`)
      else if (e.kind === 'check' && e.id && tty) step(`${name}: ${e.id}`)
      else if (e.kind === 'tokens' && tty) step(`${name}: sampling ids ${e.collected}/${e.total}`)
    }
    const vulnerable = await scan(demoConfig(vulnerableApi.url, samples), { onProgress: progress('vulnerable-api') })
    const secure = await scan(demoConfig(secureApi.url, samples), { onProgress: progress('secure-api') })
    if (tty && !opts.progress) process.stderr.write('\r\x1b[2K')

    await mkdir(outDir, { recursive: true })
    for (const [name, r] of [
      ['vulnerable-api', vulnerable],
      ['secure-api', secure],
    ] as const) {
      await writeFile(join(outDir, `${name}.json`), render(r, 'json'))
      await writeFile(join(outDir, `${name}.html`), render(r, 'html'))
    }

    log('')
    log(paint('1', 'sessionguard demo: the same API, hand-rolled sessions vs @sessionguard/session, both on DynamoDB'))
    log('')
    log(
      sideBySide(
        column(vulnerable, paint('1', `vulnerable-api  ${vulnerableApi.url}`)),
        column(secure, paint('1', `secure-api  ${secureApi.url}`)),
      ),
    )
    const adopt = vulnerable.findings.find((f) => f.id === 'SG-FIX-ADOPT')
    if (adopt) {
      log('')
      log(paint('1', 'The proof, as the scanner performed it:'))
      for (const line of proof(adopt)) log(`  ${line}`)
    }
    log('')
    log(`Full reports: ${join(outDir, 'vulnerable-api.html')} and ${join(outDir, 'secure-api.html')} (JSON beside them)`)
    log(
      'Scan your own app: npx sessionguard scan http://127.0.0.1:3000 --login-url /login --username alice --password-env SG_PASSWORD --check-url /account',
    )
    return { vulnerable, secure, outDir }
  } finally {
    for (const stop of stops) await stop().catch(() => undefined)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runDemo().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`\ndemo failed: ${(err as Error).stack ?? err}\n`)
      process.exit(1)
    },
  )
}
