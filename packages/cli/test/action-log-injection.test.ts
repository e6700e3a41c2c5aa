// Issue 15 item 5: what a hostile target writes (page text, cookie names, titles that wrap onto a
// line of their own) reaches the job log only inside a stop-commands block with a random token,
// with `::` at line starts and `##[` broken, so the runner runs none of it as a workflow command.
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { startHostileApp } from '@sessionguard/testkit'
import { INPUT_DEFAULTS } from '../src/action/inputs.js'
import { LogGuard } from '../src/action/log-guard.js'
import { runAction } from '../src/action/run.js'
import { runnerCommand, runnerLines } from './helpers/runner-commands.js'

const EVIL = ['::stop-commands::pwned', '::error title=fake::SG all clear', '##[error]forged', '::add-mask::a']
// the runner trims a line's leading white space (.NET's, Unicode spaces included) before it looks for '::'
const INDENTS = [' ', '   ', '\t', '\v', '\f', '\u00a0', '\u0085', '\u1680', '\u2003', '\u2028', '\u202f', '\u3000', ' \t\u00a0 ']
const INDENTED = INDENTS.flatMap((w) => [`${w}::error title=fake::indented all clear`, `${w}::stop-commands::pwned`, `${w}::add-mask::b`])

/** Every line of `log` the runner would run as a command (its own parsing rules), but the guard's markers. */
function commandsIn(log: string, token: string): string[] {
  return runnerLines(log).filter(
    (l) => l !== `::stop-commands::${token}` && l !== `::${token}::` && runnerCommand(l, [token]) !== undefined,
  )
}

describe('the Action log against a hostile target', () => {
  it('the scan output is inside a stop-commands block and carries no command of the target', async () => {
    // the target's every answer ends in lines that would be workflow commands, in a cookie name and a redirect note
    const app = await startHostileApp((_req, res) => {
      res.setHeader('set-cookie', [`sid=${'b'.repeat(40)}; Path=/`, `x${EVIL[1]!.replace(/[ =;,]/g, '_')}=1; Path=/`])
      res.setHeader('content-type', 'text/html')
      res.end(`<title>\n${[...EVIL, ...INDENTED].join('\n')}\n</title>`)
    })
    const dir = await mkdtemp(join(tmpdir(), 'sg-action-log-'))
    const written: string[] = []
    const write = process.stdout.write.bind(process.stdout)
    const writeErr = process.stderr.write.bind(process.stderr)
    try {
      const out = join(dir, 'out')
      const summary = join(dir, 'summary')
      await writeFile(out, '')
      await writeFile(summary, '')
      const env = {
        ...Object.fromEntries(
          Object.entries({ ...INPUT_DEFAULTS, target: app.url, format: 'pretty', 'fail-on': 'none', output: join(dir, 'report.txt') }).map(
            ([k, v]) => [`INPUT_${k.toUpperCase()}`, v],
          ),
        ),
        GITHUB_OUTPUT: out,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_WORKSPACE: dir,
        RUNNER_TEMP: dir,
      }
      const capture = (chunk: string | Uint8Array): boolean => {
        written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
        return true
      }
      process.stdout.write = capture as typeof process.stdout.write
      process.stderr.write = capture as typeof process.stderr.write
      const code = await runAction(env)
      process.stdout.write = write
      process.stderr.write = writeErr
      assert.ok(code === 0 || code === 1, `exit ${code}: ${written.join('')}`)
      const log = written.join('')
      const start = /^::stop-commands::(sessionguard-[0-9a-f]{32})$/m.exec(log)
      assert.ok(start, log.slice(0, 400))
      const endAt = log.indexOf(`\n::${start[1]}::\n`)
      assert.ok(endAt > start.index, 'the block is closed with the same token')
      const inside = log.slice(start.index + start[0].length, endAt)
      assert.ok(inside.length > 50, 'the scan printed inside the block')
      assert.doesNotMatch(inside, /^::/m, 'no line starts a command')
      assert.doesNotMatch(inside, /##\[/, 'no legacy command')
      assert.deepEqual(commandsIn(inside, start[1]!), [], 'the runner reads no command inside the block, indented or not')
      const after = log.slice(endAt + start[1]!.length + 6)
      assert.doesNotMatch(after, /pwned|SG all clear|forged/, 'after the block, only the Action speaks')
    } finally {
      process.stdout.write = write
      process.stderr.write = writeErr
      await app.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('the filter holds when a chunk ends between the two colons or inside ##[', () => {
    const g = new LogGuard()
    const pieces = ['ok\n:', ':error::x\n#', '#[group]y\n', '::warning::z']
    const joined = pieces.map((p) => g.filter(p)).join('')
    assert.doesNotMatch(joined, /^::/m)
    assert.doesNotMatch(joined, /##\[/)
    assert.match(g.end, /^\n::sessionguard-[0-9a-f]{32}::\n$/, 'the end marker starts on a line of its own')
  })

  it('an indented command (any white space the runner trims, split across chunks anywhere) is broken', () => {
    const text = `report\n${INDENTED.join('\n')}\r${INDENTED.join('\r\n')}\n`
    // the runner's parser sees these as commands before the guard: the test's lines are real attacks
    assert.equal(runnerLines(text).filter((l) => runnerCommand(l) !== undefined).length, INDENTED.length * 2)
    for (const size of [1, 2, 3, 7, 64, text.length]) {
      const g = new LogGuard()
      let out = ''
      for (let i = 0; i < text.length; i += size) out += g.filter(text.slice(i, i + size))
      assert.deepEqual(
        runnerLines(out).filter((l) => runnerCommand(l) !== undefined),
        [],
        `chunks of ${size}: ${JSON.stringify(out.slice(0, 200))}`,
      )
      assert.equal(out.replace(/\u200b/g, ''), text, 'only zero-width spaces were added')
    }
  })

  it('text that is not a command at a line start keeps its colons', () => {
    const g = new LogGuard()
    assert.equal(g.filter('cookie sid on ::1 and a::b\nx ::y\n'), 'cookie sid on ::1 and a::b\nx ::y\n')
  })
})
