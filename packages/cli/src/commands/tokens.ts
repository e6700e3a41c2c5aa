import { readFile, stat } from 'node:fs/promises'
import { Command, Option } from 'commander'
import { ConfigError } from '@sessionguard/scanner'
import { analyzeTokens, type TokenAnalysis } from '@sessionguard/scanner/tokens'
import { useColor } from '../color.js'

type Complete = Extract<TokenAnalysis, { status: 'analysed' }>

interface TokensFlags {
  format: 'pretty' | 'json'
  minSamples?: number
  now?: Date
  predict: number
  color: boolean
}

const HELP_AFTER = `
Input: one token per line (blank lines ignored), as a file or "-" for stdin. Signed
connect cookies (s:<id>.<sig>), <payload>.<sig> shapes and URL-encoding are unwrapped.

Exit codes:
  0  analysed; verdict strong or marginal (64–127 effective bits)
  1  analysed; verdict weak (under 64 effective bits) or predictable (structure found)
  2  bad input: unreadable file, no tokens, fewer than --min-samples tokens, bad flag
`

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v)
    if (!Number.isInteger(n) || n < 2) throw new ConfigError(`${name} must be a whole number ≥ 2, got ${JSON.stringify(v)}`)
    return n
  }
}

function parseNow(v: string): Date {
  const d = /^\d+$/.test(v) ? new Date(Number(v) * (v.length <= 10 ? 1000 : 1)) : new Date(v)
  if (Number.isNaN(d.getTime())) throw new ConfigError(`--now must be an ISO date or epoch seconds/ms, got ${JSON.stringify(v)}`)
  return d
}

async function readInput(source: string): Promise<{ text: string; mtime?: Date }> {
  try {
    if (source === '-') {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return { text: Buffer.concat(chunks).toString('utf8') }
    }
    const [text, info] = await Promise.all([readFile(source, 'utf8'), stat(source)])
    return { text, mtime: info.mtime }
  } catch (err) {
    throw new ConfigError(`cannot read tokens from ${source === '-' ? 'stdin' : source}: ${(err as Error).message}`, { cause: err })
  }
}

export function registerTokens(program: Command): void {
  program
    .command('tokens')
    .description('Analyse session ids collected elsewhere (one per line): decoding, statistics, structure, effective entropy, verdict')
    .argument('<file>', 'file with one token per line, or - for stdin')
    .addOption(new Option('--format <format>', 'output format').choices(['pretty', 'json']).default('pretty'))
    .option('--min-samples <n>', 'fewer tokens than this get no verdict (default 100)', positiveInt('--min-samples'))
    .option(
      '--now <time>',
      'when the tokens were issued, for timestamp detectors (default: the file’s modification time, or now for stdin)',
      parseNow,
    )
    .option('--predict <n>', 'how many next ids to predict when a structure allows', positiveInt('--predict'), 5)
    .option('--no-color', 'no colour even on a terminal')
    .addHelpText('after', HELP_AFTER)
    .action(async (file: string, flags: TokensFlags) => {
      const { text, mtime } = await readInput(file)
      const tokens = text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.length > 0)
      if (tokens.length === 0) throw new ConfigError(`no tokens in ${file === '-' ? 'stdin' : file}: expected one token per line`)
      const analysis = analyzeTokens(tokens, {
        now: flags.now ?? mtime ?? new Date(),
        predictions: flags.predict,
        ...(flags.minSamples !== undefined ? { minSamples: flags.minSamples } : {}),
      })
      if (flags.format === 'json') process.stdout.write(`${JSON.stringify(analysis, null, 2)}\n`)
      if (analysis.status !== 'analysed') throw new ConfigError(analysis.message)
      if (flags.format === 'pretty') process.stdout.write(renderPretty(analysis, file, useColor(flags.color)))
      process.exitCode = analysis.verdict === 'weak' || analysis.verdict === 'predictable' ? 1 : 0
    })
}

const VERDICT_TEXT: Record<Complete['verdict'], string> = {
  predictable: 'PREDICTABLE — the ids follow a structure an attacker can extrapolate',
  weak: 'WEAK — under 64 effective bits: guessable',
  marginal: 'MARGINAL — 64 to 127 effective bits (ASVS 5 asks for 128)',
  strong: 'STRONG — 128 effective bits or more, no structure found',
}

export function renderPretty(a: Complete, source: string, color: boolean): string {
  const paint =
    (code: number) =>
    (s: string): string =>
      color ? `\x1b[${code}m${s}\x1b[0m` : s
  const red = paint(31)
  const green = paint(32)
  const yellow = paint(33)
  const bold = paint(1)
  const out: string[] = []
  const d = a.decoding
  out.push(bold(`Token analysis: ${a.samples} samples from ${source === '-' ? 'stdin' : source}`), '')
  out.push(bold('Decoding'))
  const len = d.length.min === d.length.max ? `${d.length.min}` : `${d.length.min}–${d.length.max}`
  out.push(`  encoding      ${d.encoding} (${d.alphabetSize} symbols, ${d.bitsPerChar.toFixed(2)} bits/char), ${len} characters`)
  if (d.wrapper !== 'none' || d.urlEncoded) out.push(`  wrapper       ${d.wrapper}${d.urlEncoded ? ', URL-encoded' : ''}`)
  out.push(`  varying part  ${d.varyingPart}`)
  if (d.prefix || d.suffix) out.push(`  fixed         prefix ${JSON.stringify(d.prefix)}, suffix ${JSON.stringify(d.suffix)}`)
  out.push(
    `  bits          ${Math.round(a.bits.capacity * 10) / 10} varying per token, ${a.bits.constantPositions} fixed bit positions, ${a.bits.biasedPositions.length} biased`,
  )
  out.push('')
  out.push(bold('Entropy per character position (bits)'))
  const cells = a.positions.map((p) => p.entropy.toFixed(1))
  for (let i = 0; i < cells.length; i += 16) out.push(`  ${String(i).padStart(3)}: ${cells.slice(i, i + 16).join(' ')}`)
  const restricted = a.positions.filter((p) => p.charset !== 'full alphabet' && p.distinct <= 8)
  if (restricted.length > 0)
    out.push(
      `  restricted: ${restricted
        .slice(0, 12)
        .map((p) => `pos ${p.index} ∈ {${p.charset}}`)
        .join(', ')}`,
    )
  out.push('')
  out.push(bold('Statistics') + `  (FIPS 140-2 over ${a.fips.blocks} block(s) of 20,000 bits; ${a.bits.streamBits} bits in all)`)
  const w = Math.max(...a.tests.map((t) => t.name.length))
  for (const t of a.tests) {
    const result = t.pass === null ? yellow('n/a ') : t.pass ? green('pass') : red('FAIL')
    const value = Number.isInteger(t.value) ? String(t.value) : t.value.toFixed(6)
    const p = t.pValue === null ? '' : `p=${t.pValue < 1e-4 ? t.pValue.toExponential(1) : t.pValue.toFixed(4)}`
    out.push(`  ${t.name.padEnd(w)}  ${value.padStart(12)}  ${p.padEnd(10)}  ${result}  ${t.detail}`)
  }
  out.push('')
  out.push(bold('Structure'))
  if (a.detections.length === 0)
    out.push('  no structure found (counter, timestamp, hash of counter/time, UUIDv1, float digits, repeats, drift)')
  for (const det of a.detections) {
    out.push(`  ${det.fired ? red('✗') : green('✓')} ${det.summary}`)
    for (const e of det.evidence) out.push(`      ${e}`)
  }
  out.push('')
  out.push(bold(`Effective entropy: ${a.effective.bits} bits`) + ` (${a.effective.method})`)
  for (const m of a.effective.methods) out.push(`  ${m.method}: ${m.bits.toFixed(1)}`)
  if (a.predictions.length > 0) {
    out.push('', bold('Next ids predicted'))
    for (const p of a.predictions) out.push(`  ${p}`)
  }
  out.push('')
  const verdict = VERDICT_TEXT[a.verdict]
  out.push(bold('Verdict: ') + (a.verdict === 'strong' ? green(verdict) : a.verdict === 'marginal' ? yellow(verdict) : red(verdict)))
  return `${out.join('\n')}\n`
}
