import { randomUUID } from 'node:crypto'

// What the scan prints during an Action run (the report, notes, errors) quotes the target. The runner
// reads every stdout/stderr line for workflow commands: `::error …`, `::add-mask::`,
// `::stop-commands::` (which would silence the gate's own annotation), and the older `##[…]` form.
// So the scan's output is printed inside a stop-commands block whose token the target cannot know,
// and within it `::` at a line start and `##[` anywhere are broken with a zero-width space as well,
// in case a runner treats one of them differently.

const ZWSP = '\u200b'

export class LogGuard {
  private readonly token = `sessionguard-${randomUUID().replace(/-/g, '')}`
  private atLineStart = true

  /** Printed before the scan: from here on the runner runs no command … */
  get start(): string {
    return `::stop-commands::${this.token}\n`
  }

  /** … until this line, printed after it. */
  get end(): string {
    return `${this.atLineStart ? '' : '\n'}::${this.token}::\n`
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
      this.atLineStart = c === '\n' || c === '\r'
    }
    return out
  }
}
