// No output of a scan may carry a secret: the test password, or any full session token the app issued
// or accepted. Real vulnerable and safe apps are scanned through a proxy that records every token on
// the wire; then every report format, stdout/stderr, the saved history and the MCP server's answers
// and the dashboard's API over that history are searched for each of them, in every encoding.
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import {
  ALICE,
  repoRoot,
  runCli,
  startDynalite,
  startExpressSession,
  startPhpSessions,
  startTextbookApi,
  startReflectingLogin,
  REFLECTED_ACCOUNT,
  type RunningDynamoDB,
  type TargetApp,
} from '@sessionguard/testkit'
import { FileHistoryStore } from '@sessionguard/history/store'
import { startDashboard } from '@sessionguard/history/server'
import { startRecordingProxy } from './recording-proxy.js'

const PASSWORD_VAR = 'SG_SWEEP_PASSWORD'
const OUTPUTS = ['report.json', 'report.sarif', 'report.xml', 'report.md', 'report.html', 'report.txt', 'report.har']

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const name of await readdir(dir)) {
    const full = join(dir, name)
    if ((await stat(full)).isDirectory()) out.push(...(await filesUnder(full)))
    else out.push(full)
  }
  return out
}

/** The base64 characters `bytes` alone decide when a longer base64 string holds them `k` bytes past a 3-byte boundary. */
function base64Inside(bytes: Buffer, k: number): string {
  const full = Buffer.concat([Buffer.alloc(k), bytes])
    .toString('base64')
    .replace(/=+$/, '')
  return full.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6))
}

/**
 * Every form in which a secret could be written out: as sent, URL-decoded; percent-encoded (upper
 * and lower case hex, '+' for space), JSON-escaped (as JSON.stringify writes it, with '\/', and
 * every character as \uXXXX), HTML-escaped (named, decimal and hex references), base64 and
 * base64url alone and at each of the three alignments inside a longer base64 string; and what one
 * decoding step cannot undo: URL-encoded two and three times, &amp;#NN;, hex in both cases, case-folded
 * copies, '+' for space, windows-1252 percent bytes, UTF-16 base64, base64 of base64.
 */
function forms(secret: string): string[] {
  const out = new Set([secret])
  try {
    out.add(decodeURIComponent(secret))
  } catch {
    // not URL-encoded
  }
  for (const s of [...out]) {
    const bytes = Buffer.from(s, 'utf8')
    out.add(encodeURIComponent(s))
    out.add(encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()))
    out.add([...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''))
    out.add(new URLSearchParams({ p: s }).toString().slice(2))
    out.add(JSON.stringify(s).slice(1, -1))
    out.add(JSON.stringify(s).slice(1, -1).replace(/\//g, '\\/'))
    out.add([...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''))
    out.add(s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'))
    out.add(s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'))
    out.add([...s].map((c) => `&#${c.codePointAt(0)};`).join(''))
    out.add([...s].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join(''))
    for (const k of [0, 1, 2]) {
      const core = base64Inside(bytes, k)
      out.add(core)
      out.add(core.replace(/\+/g, '-').replace(/\//g, '_'))
    }
    // issue 23: what one decoding step cannot undo
    out.add(encodeURIComponent(encodeURIComponent(s)))
    out.add(encodeURIComponent(encodeURIComponent(encodeURIComponent(s))))
    out.add([...s].map((c) => `&amp;#${c.codePointAt(0)};`).join(''))
    out.add(bytes.toString('hex'))
    out.add(bytes.toString('hex').toUpperCase())
    out.add(s.toLowerCase())
    out.add(s.toUpperCase())
    out.add(s.replace(/ /g, '+'))
    if ([...s].every((c) => c.charCodeAt(0) < 0x100)) out.add([...s].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(''))
    for (const wide of [Buffer.from(s, 'utf16le'), Buffer.from(s, 'utf16le').swap16()]) out.add(wide.toString('base64').replace(/=+$/, ''))
    // base64 of base64: the outer encoding of the inner one's core, at each alignment of both
    for (const k of [0, 1, 2]) for (const j of [0, 1, 2]) out.add(base64Inside(Buffer.from(base64Inside(bytes, k)), j))
  }
  // shorter forms (a base64 core of a short value) would match unrelated text
  return [...out].filter((f) => f.length >= 8)
}

interface Artifact {
  name: string
  text: string
}

function leaks(artifacts: Artifact[], secrets: Iterable<string>): string[] {
  const found: string[] = []
  for (const secret of secrets) {
    for (const form of forms(secret)) {
      for (const a of artifacts) if (a.text.includes(form)) found.push(`${form.slice(0, 4)}…[${form.length}] in ${a.name}`)
    }
  }
  return found
}

interface Case {
  name: string
  start: (db: RunningDynamoDB) => Promise<TargetApp>
  sessionCookies: string[]
  flags: string[]
  /** Findings the scan must make, so the sweep runs over reports that carry evidence. */
  expect: RegExp
  /** The account to log in with (default alice of the testkit apps). */
  account?: { username: string; password: string }
  /** Other values that must not appear (a secret header given with -H). */
  secrets?: string[]
}

/** An access-proxy style secret given with -H: a header value is a secret unless marked public. */
const HEADER_SECRET = 'cf-access-9c41e0d2b7aa53f1'

// the textbook API's JSON login, as both of its targets below are scanned
const TEXTBOOK_FLAGS = [
  ...['--login-url', '/login', '--login-type', 'json', '--username-field', 'username', '--password-field', 'password'],
  ...['--check-url', '/me', '--check-contains', 'alice', '--logout-url', '/logout'],
]
const CASES: Case[] = [
  {
    name: 'a hostile target reflecting the password, the session id and a -H secret in every encoding',
    start: () => startReflectingLogin(),
    sessionCookies: ['sid'],
    flags: [
      '--login-url',
      '/login',
      '--check-url',
      '/account',
      '--check-contains',
      'alice',
      '--logout-url',
      '/logout',
      '-H',
      `X-Access-Secret: ${HEADER_SECRET}`,
      '-H',
      'X-Api-Version: 2024-01-01',
      '--public-header',
      'X-Api-Version',
    ],
    expect: /SG-FIX-ADOPT/,
    account: REFLECTED_ACCOUNT,
    secrets: [HEADER_SECRET],
  },
  {
    name: 'PHP, strict mode off (planted ids become logged-in sessions)',
    start: () => startPhpSessions({ mode: 'lax' }),
    sessionCookies: ['PHPSESSID'],
    flags: [
      '--login-url',
      '/login.php',
      '--check-url',
      '/account.php',
      '--check-contains',
      'alice',
      '--logout-url',
      '/logout.php',
      '--tokens',
      '40',
    ],
    expect: /SG-FIX-ADOPT/,
  },
  {
    name: 'express-session without regenerate (signed connect.sid survives login)',
    start: () => startExpressSession({ regenerate: false }),
    sessionCookies: ['connect.sid'],
    flags: ['--login-url', '/login', '--check-url', '/account', '--check-contains', 'alice', '--logout-url', '/logout', '--tokens', '40'],
    expect: /SG-FIX-LOGIN/,
  },
  {
    name: 'textbook JSON API on DynamoDB (client-chosen ids, cookie and X-Session-Id)',
    start: (db) => startTextbookApi({ endpoint: db.endpoint, region: db.region, credentials: db.credentials }),
    sessionCookies: ['session_id'],
    flags: TEXTBOOK_FLAGS,
    expect: /SG-FIX-ADOPT/,
  },
  {
    name: 'the fixed textbook API (safe)',
    start: (db) => startTextbookApi({ endpoint: db.endpoint, region: db.region, credentials: db.credentials, fixed: true }),
    sessionCookies: ['session_id'],
    flags: TEXTBOOK_FLAGS,
    expect: /SG-COOKIE-/,
  },
]

let db: RunningDynamoDB
let work: string
before(async () => {
  db = await startDynalite()
  work = await mkdtemp(join(tmpdir(), 'sg-sweep-'))
})
after(async () => {
  await db?.stop()
  if (work) await rm(work, { recursive: true, force: true })
})

describe('secrets sweep: every artifact of a scan', { concurrency: 2 }, () => {
  for (const c of CASES) {
    test(`${c.name}: no password, no session token in stdout, stderr, ${OUTPUTS.map((o) => o.slice(7)).join(' ')} or the saved history`, async (t) => {
      const app = await c.start(db)
      const proxy = await startRecordingProxy(app.url, { sessionCookies: c.sessionCookies })
      const dir = await mkdtemp(join(work, 'case-'))
      try {
        const history = join(dir, 'history')
        const scan = await runCli(
          [
            'scan',
            proxy.url,
            '--username',
            (c.account ?? ALICE).username,
            '--password-env',
            PASSWORD_VAR,
            ...c.flags,
            '-f',
            'json',
            ...OUTPUTS.flatMap((o) => ['-o', join(dir, o)]),
            // the HAR holds every request of the scan, not only the proofs: all of it is searched
            '--har-all',
            '--save',
            '--data-dir',
            history,
            '-q',
            '--fail-on',
            'none',
          ],
          { env: { [PASSWORD_VAR]: (c.account ?? ALICE).password } },
        )
        assert.equal(scan.code, 0, scan.stderr)
        assert.match(scan.stdout, c.expect)
        const listed = await runCli(['history', '--data-dir', history, '--format', 'json'])
        assert.equal(listed.code, 0, listed.stderr)

        const artifacts: Artifact[] = [
          { name: 'scan stdout', text: scan.stdout },
          { name: 'scan stderr', text: scan.stderr },
          { name: 'history stdout', text: listed.stdout + listed.stderr },
        ]
        for (const file of await filesUnder(dir)) artifacts.push({ name: file.slice(dir.length + 1), text: await readFile(file, 'latin1') })
        // the dashboard's API over the same history: every route that returns report data
        const dash = await startDashboard({ store: new FileHistoryStore(history) })
        try {
          const api = async (path: string): Promise<string> =>
            (await fetch(`${dash.url}${path}`, { headers: { authorization: `Bearer ${dash.token}` } })).text()
          const scans = JSON.parse(await api('/api/scans')) as Array<{ scanId: string }>
          assert.ok(scans.length > 0)
          artifacts.push(
            { name: 'dashboard /api/targets', text: await api('/api/targets') },
            { name: 'dashboard /api/scans', text: JSON.stringify(scans) },
          )
          for (const { scanId } of scans)
            artifacts.push({ name: `dashboard /api/scans/${scanId}`, text: await api(`/api/scans/${encodeURIComponent(scanId)}`) })
          artifacts.push({ name: 'dashboard page', text: await api('/') })
        } finally {
          await dash.close()
        }
        assert.ok(artifacts.length >= 3 + OUTPUTS.length + 1 + 4, `history was saved: ${artifacts.map((a) => a.name).join(', ')}`)
        assert.ok(proxy.tokens.size >= 3, `the proxy saw the app's tokens (${proxy.tokens.size})`)
        assert.match(artifacts.find((a) => a.name === 'report.har')?.text ?? '', /"pageref": "scan"/, 'the HAR holds the whole scan')
        assert.ok(leaks(artifacts, [new URL(proxy.url).host]).length > 0, 'control: the search finds a string that is there')
        assert.deepEqual(leaks(artifacts, [(c.account ?? ALICE).password, ...(c.secrets ?? []), ...proxy.tokens]), [])
        if (c.secrets) assert.ok(leaks(artifacts, ['2024-01-01']).length > 0, 'a header marked public stays readable')
        t.diagnostic(`${artifacts.length} artifacts searched for the password and ${proxy.tokens.size} tokens`)
      } finally {
        await proxy.close()
        await app.close()
      }
    })
  }

  const MCP_CASES = [
    {
      name: 'PHP, strict mode off',
      start: () => startPhpSessions({ mode: 'lax' }),
      sessionCookies: ['PHPSESSID'],
      password: ALICE.password as string,
      headers: {} as Record<string, string>,
      secrets: [] as string[],
    },
    {
      name: 'the reflecting hostile target',
      start: () => startReflectingLogin(),
      sessionCookies: ['sid'],
      password: REFLECTED_ACCOUNT.password as string,
      headers: { 'X-Access-Secret': HEADER_SECRET },
      secrets: [HEADER_SECRET],
    },
  ]
  for (const mc of MCP_CASES)
    test(`the MCP server (${mc.name}): scan_target and get_scan answers and its saved history carry no password and no token`, async (t) => {
      const app = await mc.start()
      const proxy = await startRecordingProxy(app.url, { sessionCookies: mc.sessionCookies })
      const history = await mkdtemp(join(work, 'mcp-'))
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: ['--conditions=source', '--import', 'tsx', resolve(repoRoot, 'packages/cli/src/run.ts'), 'mcp', '--data-dir', history],
        cwd: repoRoot,
        env: { ...(process.env as Record<string, string>), [PASSWORD_VAR]: mc.password, NO_COLOR: '1' },
        stderr: 'pipe',
      })
      let stderr = ''
      transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const client = new Client({ name: 'sweep', version: '0.0.0' })
      try {
        await client.connect(transport)
        const config = structuredClone(app.config) as Record<string, unknown> & { login: { credentials: unknown } }
        config.target = proxy.url
        if (Object.keys(mc.headers).length) config.request = { headers: mc.headers }
        config.login.credentials = { username: ALICE.username, password_env: PASSWORD_VAR }
        const answers: Artifact[] = []
        for (const format of ['json', 'sarif', 'markdown', 'html', 'junit', 'pretty']) {
          const scanned = await client.callTool({ name: 'scan_target', arguments: { ...config, format } })
          assert.notEqual(scanned.isError, true, JSON.stringify(scanned).slice(0, 500))
          answers.push({ name: `scan_target ${format}`, text: JSON.stringify(scanned) })
          const scanId = (scanned.structuredContent as { scanId: string }).scanId
          answers.push({
            name: `get_scan ${format}`,
            text: JSON.stringify(await client.callTool({ name: 'get_scan', arguments: { scan_id: scanId } })),
          })
        }
        answers.push({ name: 'list_scans', text: JSON.stringify(await client.callTool({ name: 'list_scans', arguments: {} })) })
        assert.match(answers[0]!.text, /SG-FIX-ADOPT/)
        await client.close()
        answers.push({ name: 'mcp stderr', text: stderr })
        for (const file of await filesUnder(history))
          answers.push({ name: `history ${file.slice(history.length + 1)}`, text: await readFile(file, 'latin1') })
        assert.ok(
          answers.some((a) => a.name.startsWith('history ')),
          'the MCP server saved its scans',
        )
        assert.ok(proxy.tokens.size >= 3)
        assert.ok(leaks(answers, [new URL(proxy.url).host]).length > 0, 'control: the search finds a string that is there')
        assert.deepEqual(leaks(answers, [mc.password, ...mc.secrets, ...proxy.tokens]), [])
        t.diagnostic(`${answers.length} MCP answers and files searched for the password and ${proxy.tokens.size} tokens`)
      } finally {
        await client.close().catch(() => undefined)
        await proxy.close()
        await app.close()
      }
    })
})
