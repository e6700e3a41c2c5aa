// Issue 23 items 1, 8 and 9: a config file often comes with the repository being scanned, so it is
// written by someone the operator may not trust. It must not make the scanner run a program
// (login.browser: ./x.sh), read an environment variable the operator did not allow (${GITHUB_TOKEN}
// sent to the target as a header), read a huge file into memory (baseline: /dev/zero), or put the
// bytes of a file it names into an error (baseline: /etc/passwd → an Action annotation).
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { repoRoot, runCli, runCliMeasured, startHostileApp, type HostileApp } from '@sessionguard/testkit'
import { INPUT_DEFAULTS } from '../src/action/inputs.js'
import { runAction } from '../src/action/run.js'

const FAKE_RUNNER_TOKEN = 'ghs_sgtest1111111111111111111111111111111'
const PASSWD = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n'

let dir: string
let app: HostileApp
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-hostile-config-'))
  // a login page, and a check URL that is never logged in: enough for a scan to reach its login phase
  app = await startHostileApp((req, res) => {
    res.setHeader('content-type', 'text/html')
    if (req.url === '/account') return void res.writeHead(401).end('who?')
    res.end('<form method="post" action="/login"><input name="username"><input type="password" name="password"></form>')
  })
})
after(async () => {
  await app.close()
  await rm(dir, { recursive: true, force: true })
})

/** A "browser" that only proves it ran: it leaves a file behind. */
async function evilBrowser(name: string): Promise<{ path: string; marker: string }> {
  const path = join(dir, `${name}.sh`)
  const marker = join(dir, `${name}.ran`)
  await writeFile(path, `#!/bin/sh\necho ran > '${marker}'\nexit 1\n`)
  await chmod(path, 0o755)
  return { path, marker }
}

async function configFile(name: string, yaml: string): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, yaml)
  return path
}

/** The Action in this process, its log captured: inputs as the runner passes them. */
async function action(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; log: string }> {
  const written: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  const outFile = join(dir, `out-${Math.random().toString(16).slice(2)}`)
  await writeFile(outFile, '')
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }) as typeof process.stdout.write
  try {
    const code = await runAction({
      ...Object.fromEntries(
        Object.entries({ ...INPUT_DEFAULTS, output: join(dir, 'report.sarif'), ...inputs }).map(([k, v]) => [
          `INPUT_${k.toUpperCase()}`,
          v,
        ]),
      ),
      GITHUB_OUTPUT: outFile,
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
      GITHUB_WORKSPACE: dir,
      ...env,
    })
    return { code, log: written.join('') }
  } finally {
    process.stdout.write = write
  }
}

const browserLogin = (extra: string): string =>
  `target: ${app.url}\nlogin:\n  type: browser\n  page: /login\n  credentials: { username: alice, password: "\${SG_HC_PASSWORD}" }\n  check: { url: /account }\n${extra}scope: { timeout: 10s, budget: 90s }\n`

describe('a config file cannot make the scanner run a program (item 1)', () => {
  it('login.browser: a path in the config is refused before anything starts (CLI): exit 2 naming --browser, the program never ran', async () => {
    const evil = await evilBrowser('cli')
    const cfg = await configFile('browser-path.yml', browserLogin(`  browser: ${evil.path}\n`))
    const before = app.requests.length
    const r = await runCli(['scan', '--config', cfg, '-q'], { env: { SG_HC_PASSWORD: 'pw' } })
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`)
    assert.match(r.stderr, /login\.browser/)
    assert.match(r.stderr, /--browser PATH, the SESSIONGUARD_BROWSER environment variable, or the Action's browser input/)
    assert.equal(existsSync(evil.marker), false, 'the config chose a program and it ran')
    assert.equal(app.requests.length, before, 'refused before the first request')
  })

  it('the same config through the Action: an annotation, and the program never ran', async () => {
    const evil = await evilBrowser('action')
    const cfg = await configFile('browser-path-action.yml', browserLogin(`  browser: ./${evil.path.split('/').pop()}\n`))
    const cwd = process.cwd()
    process.chdir(dir)
    try {
      const { code, log } = await action({ config: cfg, 'fail-on': 'none' }, { SG_HC_PASSWORD: 'pw' })
      assert.equal(code, 2, log)
      assert.match(log, /^::error title=sessionguard::.*login\.browser/m)
    } finally {
      process.chdir(cwd)
    }
    assert.equal(existsSync(evil.marker), false)
  })

  it('a browser name in the config is looked up on PATH only in absolute directories, never in the checkout', async () => {
    // PATH=".:…" would otherwise find ./chromium in the working directory, often the repository's checkout
    const evil = join(dir, 'chromium')
    const marker = join(dir, 'chromium.ran')
    await writeFile(evil, `#!/bin/sh\necho ran > '${marker}'\nexit 1\n`)
    await chmod(evil, 0o755)
    const cfg = await configFile('browser-name.yml', browserLogin('  browser: chromium\n'))
    // a relative PATH entry, resolved against the CLI's working directory (the checkout, in CI)
    const r = await runCli(['scan', '--config', cfg, '-q'], {
      env: { SG_HC_PASSWORD: 'pw', PATH: `${relative(repoRoot, dir)}:${process.env.PATH ?? ''}`, SESSIONGUARD_BROWSER: '' },
    })
    assert.equal(existsSync(marker), false, `a program in a relative PATH directory ran: ${r.stderr}`)
  })

  it('the operator still chooses any browser: --browser runs the program it names', async () => {
    const mine = await evilBrowser('operator')
    const cfg = await configFile('browser-none.yml', browserLogin(''))
    const r = await runCli(['scan', '--config', cfg, '-q', '--browser', mine.path], { env: { SG_HC_PASSWORD: 'pw' } })
    assert.equal(r.code, 2, r.stderr)
    assert.equal(existsSync(mine.marker), true, `the operator's browser was started: ${r.stderr}`)
    assert.match(r.stderr, /did not start/)
  })
})

describe('a config file reads only the environment variables the operator allows (item 9)', () => {
  const leaky = (): string => `target: ${app.url}\nrequest:\n  headers:\n    X-Telemetry: "\${GITHUB_TOKEN}"\n`

  it('${GITHUB_TOKEN} in a config (CLI): exit 2 naming the variable, its line and --allow-env; nothing reaches the target', async () => {
    const cfg = await configFile('leaky.yml', leaky())
    const before = app.requests.length
    const r = await runCli(['scan', '--config', cfg, '-q'], { env: { GITHUB_TOKEN: FAKE_RUNNER_TOKEN } })
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`)
    assert.match(r.stderr, /leaky\.yml:4:5: request\.headers\.X-Telemetry refers to the environment variable GITHUB_TOKEN/)
    assert.match(r.stderr, /--allow-env GITHUB_TOKEN/)
    assert.ok(!r.stderr.includes(FAKE_RUNNER_TOKEN))
    assert.equal(app.requests.length, before)
    assert.ok(!app.sent().includes(FAKE_RUNNER_TOKEN))
  })

  it('the Action refuses the same config with an annotation, and sends nothing', async () => {
    const cfg = await configFile('leaky-action.yml', leaky())
    const before = app.requests.length
    const { code, log } = await action({ config: cfg, 'fail-on': 'none' }, { GITHUB_TOKEN: FAKE_RUNNER_TOKEN })
    assert.equal(code, 2, log)
    assert.match(log, /^::error title=sessionguard::.*GITHUB_TOKEN.*allow-env/m)
    assert.ok(!log.includes(FAKE_RUNNER_TOKEN))
    assert.equal(app.requests.length, before)
  })

  it('--allow-env (and the Action input allow-env) lets the operator pass a variable on purpose', async () => {
    const cfg = await configFile('allowed.yml', `target: ${app.url}\nrequest:\n  headers:\n    X-Api-Key: "\${APP_KEY}"\n`)
    const r = await runCli(['scan', '--config', cfg, '-q', '--fail-on', 'none', '--allow-env', 'APP_*', '-f', 'json'], {
      env: { APP_KEY: 'app-key-value-1' },
    })
    assert.equal(r.code, 0, r.stderr)
    assert.ok(app.requests.some((q) => q.headers['x-api-key'] === 'app-key-value-1'))
    const { code, log } = await action({ config: cfg, 'fail-on': 'none', 'allow-env': 'APP_KEY' }, { APP_KEY: 'app-key-value-2' })
    assert.equal(code, 0, log)
    assert.ok(app.requests.some((q) => q.headers['x-api-key'] === 'app-key-value-2'))
  })
})

describe('files a config names are read bounded, and their bytes never reach an error (item 8)', () => {
  it('baseline: /dev/zero stops at once with exit 2, unread (a file a config names must be a regular file)', async () => {
    const cfg = await configFile('zero.yml', `target: ${app.url}\nbaseline: /dev/zero\n`)
    const r = await runCliMeasured(['scan', '--config', cfg, '-q'], { timeoutMs: 120_000 })
    assert.equal(r.killed, false)
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /--baseline \/dev\/zero: cannot read it \(not a regular file \(a device or socket\)\)/)
    assert.ok(r.maxRssMiB !== undefined && r.maxRssMiB < 250, `peak RSS ${r.maxRssMiB} MiB`)
  })

  it('--ignore-file /dev/zero too', async () => {
    const r = await runCliMeasured(['scan', app.url, '-q', '--ignore-file', '/dev/zero'], { timeoutMs: 120_000 })
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, /--ignore-file \/dev\/zero: cannot read it \(not a regular file/)
    assert.ok(r.maxRssMiB !== undefined && r.maxRssMiB < 250, `peak RSS ${r.maxRssMiB} MiB`)
  })

  it("baseline: a file that is not JSON (/etc/passwd): the Action's annotation names the place, never the file's text", async () => {
    const passwd = await configFile('passwd', PASSWD)
    const cfg = await configFile('passwd.yml', `target: ${app.url}\nbaseline: ${passwd}\n`)
    const { code, log } = await action({ config: cfg, 'fail-on': 'none' })
    assert.equal(code, 2, log)
    assert.match(
      log,
      /^::error title=sessionguard::--baseline .*passwd:1:1: not JSON \(a character JSON does not allow there\); pass a report/m,
    )
    for (const piece of ['root:x', 'x:0:0', '/bin/bash', 'daemon']) assert.ok(!log.includes(piece), `${piece} in ${log}`)
  })
})
