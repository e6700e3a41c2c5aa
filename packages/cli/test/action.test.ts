import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { parse } from 'yaml'
import { repoRoot } from '@sessionguard/testkit'
import { ConfigError, FORMATS, resolveConfig } from '@sessionguard/scanner'
import { INPUT_DEFAULTS, OUTPUT_NAMES, readInputs } from '../src/action/inputs.js'
import { configFromInputs } from '../src/action/config.js'
import { anchorLine, sarifAnchor } from '../src/action/run.js'
import { ACTION_BUNDLE, buildActionBundle } from '../src/action/build.js'

interface ActionYml {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string }
}

const actionYml = parse(readFileSync(resolve(repoRoot, 'action.yml'), 'utf8')) as ActionYml

describe('action.yml', () => {
  it('declares exactly the inputs the entry reads, with the same defaults', () => {
    assert.deepEqual(Object.keys(actionYml.inputs).sort(), Object.keys(INPUT_DEFAULTS).sort())
    for (const [name, spec] of Object.entries(actionYml.inputs)) {
      assert.equal(String(spec.default ?? ''), INPUT_DEFAULTS[name as keyof typeof INPUT_DEFAULTS], name)
    }
  })

  it('lists exactly the report formats in the format input', () => {
    const listed = /\(([^)]*)\)/.exec(String((actionYml.inputs.format as { description?: string }).description))?.[1]?.split(/,\s*/)
    assert.deepEqual([...(listed ?? [])].sort(), [...FORMATS].sort())
  })

  it('declares exactly the outputs the entry writes', () => {
    assert.deepEqual(Object.keys(actionYml.outputs).sort(), [...OUTPUT_NAMES].sort())
  })

  it('runs the committed bundle on node24, from outside the npm package', () => {
    assert.equal(actionYml.runs.using, 'node24')
    assert.equal(actionYml.runs.main, relative(repoRoot, ACTION_BUNDLE).split('\\').join('/'))
    assert.ok(existsSync(ACTION_BUNDLE), `${ACTION_BUNDLE} is missing: npm run build:action`)
    const cli = JSON.parse(readFileSync(resolve(repoRoot, 'packages/cli/package.json'), 'utf8')) as { files: string[] }
    const inPackage = cli.files.some((f) => relative(resolve(repoRoot, 'packages/cli', f), ACTION_BUNDLE).split('/')[0] !== '..')
    assert.equal(inPackage, false, 'the generated bundle is not shipped in the npm package')
  })

  it('the committed bundle is what the sources build to (npm run build:action after changing them)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-action-'))
    try {
      const { outfile } = await buildActionBundle(join(dir, 'index.mjs'))
      assert.ok(
        (await readFile(outfile, 'utf8')) === readFileSync(ACTION_BUNDLE, 'utf8'),
        'action/index.mjs is stale: npm run build:action',
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('action inputs', () => {
  const env = (inputs: Record<string, string>): NodeJS.ProcessEnv =>
    Object.fromEntries(Object.entries({ ...INPUT_DEFAULTS, ...inputs }).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))

  it('reads hyphenated names the way the runner passes them (INPUT_FAIL-ON) and maps them onto the config keys', () => {
    const inputs = readInputs(
      env({
        target: 'http://127.0.0.1:3000',
        'fail-on': 'medium',
        threshold: '70',
        'login-url': '/login',
        username: 'alice',
        password: 'pw',
        'check-url': '/account',
      }),
    )
    assert.deepEqual(configFromInputs(inputs, {}), {
      target: 'http://127.0.0.1:3000',
      login: { url: '/login', credentials: { username: 'alice', password: 'pw' }, check: { url: '/account' } },
      fail_on: 'medium',
      threshold: 70,
    })
  })

  it('maps login-page, the field names, session-cookie and tokens onto login.page, login.fields, session.cookie and tokens.samples', () => {
    const inputs = readInputs(
      env({
        target: 'http://127.0.0.1',
        'login-page': '/signin',
        'username-field': 'email',
        'password-field': 'pass',
        'session-cookie': 'sid',
        tokens: '500',
        'login-url': '/login',
      }),
    )
    const cfg = configFromInputs(inputs, {})
    assert.deepEqual(cfg.login, { url: '/login', page: '/signin', fields: { username: 'email', password: 'pass' } })
    assert.deepEqual(cfg.session, { cookie: 'sid' })
    assert.deepEqual(cfg.tokens, { samples: 500 })
  })

  it('maps checks, exclude-checks, baseline and require onto the triage keys, and validates them with the config schema', () => {
    const inputs = readInputs(
      env({
        target: 'http://127.0.0.1',
        checks: 'fixation, SG-LOGOUT',
        'exclude-checks': 'SG-URL\ntokens',
        baseline: 'base.json',
        require: 'fixation',
      }),
    )
    const cfg = configFromInputs(inputs, {})
    assert.deepEqual(cfg.checks, { include: ['fixation', 'SG-LOGOUT'], exclude: ['SG-URL', 'tokens'] })
    assert.equal(cfg.baseline, 'base.json')
    assert.deepEqual(cfg.require, ['fixation'])
    assert.throws(
      () => resolveConfig({ ...cfg, checks: { include: ['fixaton'] } }),
      (err: unknown) => err instanceof ConfigError && /fixaton/.test(err.message),
    )
  })

  it('anchors SARIF results to the config file, else to the workflow file that ran the step, and only to files that exist', async () => {
    const ws = await mkdtemp(join(tmpdir(), 'sg-anchor-'))
    try {
      await mkdir(join(ws, '.github', 'workflows'), { recursive: true })
      await writeFile(join(ws, '.github', 'workflows', 'scan.yml'), 'on: push\n')
      await writeFile(join(ws, 'sessionguard.yml'), 'target: http://127.0.0.1\n')
      const ref = { GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/scan.yml@refs/heads/main' }
      assert.equal(sarifAnchor({ config: join(ws, 'sessionguard.yml') }, ws, ref), 'sessionguard.yml')
      assert.equal(sarifAnchor({}, ws, ref), '.github/workflows/scan.yml')
      assert.equal(sarifAnchor({ config: join(ws, 'missing.yml') }, ws, ref), '.github/workflows/scan.yml')
      assert.equal(sarifAnchor({}, ws, { GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/gone.yml@refs/heads/main' }), undefined)
      assert.equal(sarifAnchor({}, ws, {}), undefined)
      // the line: the workflow step that uses the Action, the config's target:, else the first line
      await writeFile(
        join(ws, '.github', 'workflows', 'scan.yml'),
        'on: push\njobs:\n  s:\n    steps:\n      - uses: sessionguard/sessionguard@v1\n',
      )
      assert.equal(await anchorLine(join(ws, '.github', 'workflows', 'scan.yml')), 5)
      await writeFile(join(ws, 'sessionguard.yml'), '# scan of the shop\ntarget: http://127.0.0.1\n')
      assert.equal(await anchorLine(join(ws, 'sessionguard.yml')), 2)
      await writeFile(join(ws, 'other.yml'), 'login: {}\n')
      assert.equal(await anchorLine(join(ws, 'other.yml')), 1)
    } finally {
      await rm(ws, { recursive: true, force: true })
    }
  })

  it('reads password-env from the step environment, and refuses a variable that is not set', () => {
    const inputs = readInputs(env({ target: 'http://127.0.0.1', username: 'alice', 'password-env': 'SG_PW' }))
    assert.deepEqual((configFromInputs(inputs, { SG_PW: 'secret' }).login as { credentials: unknown }).credentials, {
      username: 'alice',
      password: 'secret',
    })
    assert.throws(
      () => configFromInputs(inputs, {}),
      (err: unknown) => err instanceof ConfigError && /password-env/.test(err.message),
    )
  })

  it('leaves the gate to the config file when fail-on is none', () => {
    const cfg = configFromInputs(readInputs(env({ config: 'sessionguard.yml', 'fail-on': 'none' })), {})
    assert.equal('fail_on' in cfg, false)
  })

  it('refuses bad values with a message naming the input', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ target: 'http://127.0.0.1', 'fail-on': 'severe' }, /fail-on/],
      [{ target: 'http://127.0.0.1', threshold: '101' }, /threshold/],
      [{ target: 'http://127.0.0.1', format: 'pdf' }, /format/],
      [{ target: 'http://127.0.0.1', password: 'a', 'password-env': 'B' }, /password/],
      [{ target: 'http://127.0.0.1', tokens: 'many' }, /tokens/],
      [{}, /target/],
    ]
    for (const [given, message] of cases)
      assert.throws(
        () => readInputs(env(given)),
        (err: unknown) => err instanceof ConfigError && message.test(err.message),
      )
  })
})

describe('docs/github-action.md', () => {
  it('names the Action by the repository the packages declare, not a placeholder', () => {
    const docs = readFileSync(join(repoRoot, 'docs/github-action.md'), 'utf8')
    const cli = JSON.parse(readFileSync(join(repoRoot, 'packages/cli/package.json'), 'utf8')) as { repository: { url: string } }
    const repo = /github\.com\/([^/]+\/[^/.]+)/.exec(cli.repository.url)?.[1]
    assert.ok(repo, cli.repository.url)
    const uses = [...docs.matchAll(/uses: ([^\s`]+)@v1/g)].map((m) => m[1])
    assert.ok(uses.length > 0)
    for (const u of uses) assert.equal(u, repo)
  })
})
