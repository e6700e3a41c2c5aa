// Property-based fuzzing of config files: whatever the YAML says, parseConfigText + resolveConfig
// either return a config or throw ConfigError (exit 2, one line), never anything else.
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import fc from 'fast-check'
import { stringify } from 'yaml'
import { ConfigError, mergeConfig, parseConfigText, resolveConfig } from '@sessionguard/scanner'

let runs = 0
after(() => console.log(`config fuzz runs: ${runs}`))

/** Parses and validates like `scan --config`; returns what came out, throws only if something other than ConfigError escaped. */
function load(text: string, env: NodeJS.ProcessEnv = {}, flags: Record<string, unknown> = {}): 'valid' | 'ConfigError' {
  runs++
  try {
    const file = parseConfigText(text, 'fuzz.yml', env)
    const config = resolveConfig(mergeConfig(file.input, flags), { lineOf: file.lineOf, source: 'fuzz.yml' })
    assert.equal(typeof config.target, 'string')
    return 'valid'
  } catch (err) {
    if (err instanceof ConfigError) {
      assert.ok(err.message.length > 0)
      assert.equal(err.exitCode, 2)
      return 'ConfigError'
    }
    throw new Error(`not a ConfigError: ${(err as Error)?.name}: ${(err as Error)?.message}\n--- input ---\n${text}`)
  }
}

const VALID = {
  target: 'http://127.0.0.1:3000',
  login: {
    page: '/login',
    url: '/login',
    type: 'form',
    fields: { username: 'email', password: 'password' },
    credentials: { username: 'alice', password: '${SG_PASSWORD}' },
    csrf: 'auto',
    check: { url: '/account', contains: 'alice' },
    extra: { remember: '0' },
  },
  logout: { url: '/logout', method: 'POST' },
  request: { headers: { 'X-Api-Version': '2' }, cookies: { locale: 'en' } },
  session: 'auto',
  tokens: { samples: 100 },
  scope: { rate: 50, timeout: '10s', budget: '2m', follow_redirects: 'same-origin', max_redirects: 5, max_body: 1000 },
  fail_on: 'high',
  threshold: 80,
}

const yamlish = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .array(
      fc.constantFrom(
        'target:',
        ' ',
        '\n',
        '  ',
        '- ',
        ': ',
        '{',
        '}',
        '[',
        ']',
        '"',
        "'",
        '#',
        '|',
        '>',
        '&a',
        '*a',
        '*x',
        '!!str',
        '!!binary',
        '!foo',
        '?',
        '${',
        '}',
        'SG_PASSWORD',
        ':-',
        'http://127.0.0.1:1',
        'login:',
        'url: /x',
        'scope:',
        'timeout: ',
        '10s',
        'soon',
        '1e400',
        '-1',
        '~',
        'null',
        'true',
        '0x1F',
        '<<: ',
        '__proto__:',
        'constructor:',
        '\t',
        '\r\n',
        '\0',
        '\ufeff',
      ),
      { maxLength: 60 },
    )
    .map((a) => a.join('')),
)

/** A valid config with one value somewhere replaced by anything JSON can hold. */
const mutated = fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.nat(), fc.nat()).map(([value, pick, depth]) => {
  const config = structuredClone(VALID) as Record<string, unknown>
  let node: Record<string, unknown> = config
  for (let d = 0; d <= depth % 3; d++) {
    const keys = Object.keys(node)
    const key = keys[pick % keys.length]!
    const next = node[key]
    if (d < depth % 3 && next && typeof next === 'object' && !Array.isArray(next)) node = next as Record<string, unknown>
    else {
      node[key] = value
      break
    }
  }
  return stringify(config)
})

test('random and YAML-shaped text: a config or a ConfigError, nothing else', () => {
  fc.assert(
    fc.property(
      yamlish,
      fc.dictionary(fc.constantFrom('SG_PASSWORD', 'A', 'B'), fc.string({ maxLength: 10 })),
      (text, env) => void load(text, env),
    ),
    { numRuns: 3000 },
  )
})

test('a valid config with any one value replaced by arbitrary JSON: a config or a ConfigError', () => {
  const outcomes = { valid: 0, ConfigError: 0 }
  fc.assert(
    fc.property(mutated, (text) => {
      outcomes[load(text, { SG_PASSWORD: 'pw' })]++
    }),
    { numRuns: 2000 },
  )
  assert.ok(outcomes.valid > 0 && outcomes.ConfigError > 0, JSON.stringify(outcomes))
})

test('flags merged over any file content: a config or a ConfigError', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (file, flags) => {
      const text = stringify({ target: 'http://127.0.0.1:1', scope: file })
      load(text, {}, flags && typeof flags === 'object' && !Array.isArray(flags) ? (flags as Record<string, unknown>) : { scope: flags })
    }),
    { numRuns: 1000 },
  )
})

test('YAML aliases that do not resolve or explode are a ConfigError', () => {
  const bomb = [
    'a: &a [x, x, x, x, x, x, x, x, x]',
    'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
    'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
    'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    'target: http://127.0.0.1:1',
  ].join('\n')
  assert.equal(load(bomb), 'ConfigError')
  assert.equal(load('target: *nowhere\n'), 'ConfigError')
})
