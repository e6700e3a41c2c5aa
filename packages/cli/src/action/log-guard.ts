import { randomUUID } from 'node:crypto'

// What the scan prints during an Action run (the report, notes, errors) quotes the target. The runner
// reads every stdout/stderr line for workflow commands: `::error …`, `::add-mask::`,
// `::stop-commands::` (which would silence the gate's own annotation), and the older `##[…]` form.
// So the scan's output is printed inside a stop-commands block whose token the target cannot know,
// and within it `::` at a line start and `##[` anywhere are broken with a zero-width space as well,
// in case a runner treats one of them differently.
//
// The runner (actions/runner, ActionCommand.TryParseV2) trims a line's leading white space before it
// looks for `::`, with .NET's String.TrimStart(): every character Char.IsWhiteSpace accepts, Unicode
// spaces included, while its line reader (StreamReader.ReadLine) ends lines only at \n, \r and \r\n.
// A zero-width space is not white space to .NET, so `:<ZWSP>:` can never be read as the key.

const ZWSP = '\u200b'

/**
 * Char.IsWhiteSpace: U+0009–U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
 * U+202F, U+205F, U+3000; plus U+180E and U+FEFF, which older Unicode tables (and other parsers)
 * counted as spaces: treating them as white space only breaks more.
 */
const RUNNER_WHITESPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/

export class LogGuard {
  private readonly token = `sessionguard-${randomUUID().replace(/-/g, '')}`
  /** Only white space since the last line break: a `::` here is what the runner reads as a command. */
  private atLineStart = true
  /** Whether the last character written ended a line (the end marker needs its own line). */
  private afterBreak = true

  /** Printed before the scan: from here on the runner runs no command … */
  get start(): string {
    return `::stop-commands::${this.token}\n`
  }

  /** … until this line, printed after it. */
  get end(): string {
    return `${this.afterBreak ? '' : '\n'}::${this.token}::\n`
  }

  /** One chunk of the scan's output, as it may be written to the log. Chunks may split lines anywhere. */
  filter(chunk: string): string {
    let out = ''
    // a character past the chunk's end is unknown: assume the worst, the next chunk may complete the command
    const is = (i: number, c: string): boolean => i >= chunk.length || chunk[i] === c
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!
      if (this.atLineStart && c === ':' && is(i + 1, ':')) out += `:${ZWSP}`
      else if (c === '#' && is(i + 1, '#') && is(i + 2, '[')) out += `#${ZWSP}`
      else out += c
      const lineBreak = c === '\n' || c === '\r'
      this.atLineStart = lineBreak || (this.atLineStart && RUNNER_WHITESPACE.test(c))
      this.afterBreak = lineBreak
    }
    return out
  }
}
