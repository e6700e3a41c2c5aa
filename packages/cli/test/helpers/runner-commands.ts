// The GitHub Actions runner's reading of a step's output, written from its source (actions/runner:
// Runner.Sdk/ProcessInvoker.cs reads lines with StreamReader.ReadLine; Runner.Common/ActionCommand.cs
// parses each line; Runner.Worker/ActionCommandManager.cs registers the commands, case-insensitively):
// a test of the Action's log guard asks this parser, not the guard's own idea of a command.

/** The commands the runner registers (ActionCommandManager and its extensions), plus stop-commands. */
const REGISTERED = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'warning',
  'error',
  'notice',
  'debug',
  'group',
  'endgroup',
  'echo',
]

/** .NET's Char.IsWhiteSpace, which String.TrimStart() (no arguments) removes. */
const DOTNET_WHITESPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/

/** StreamReader.ReadLine: a line ends at \n, \r or \r\n, nothing else. */
export function runnerLines(log: string): string[] {
  return log.split(/\r\n|\r|\n/)
}

/** The command a line runs (lower-cased name), as TryParseV2 then TryParse would find it; undefined when none. */
export function runnerCommand(line: string, extra: string[] = []): string | undefined {
  const registered = new Set([...REGISTERED, ...extra].map((c) => c.toLowerCase()))
  // V2: "::name props::data" after trimming leading white space
  const trimmed = line.replace(DOTNET_WHITESPACE, '')
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2)
    if (end >= 0) {
      const info = trimmed.slice(2, end)
      const name = (info.includes(' ') ? info.slice(0, info.indexOf(' ')) : info).toLowerCase()
      if (registered.has(name)) return name
    }
  }
  // V1: "##[name props]data" anywhere in the line
  const at = line.indexOf('##[')
  if (at >= 0) {
    const rb = line.indexOf(']', at)
    if (rb >= 0) {
      const info = line.slice(at + 3, rb)
      const name = (info.includes(' ') ? info.slice(0, info.indexOf(' ')) : info).toLowerCase()
      if (registered.has(name)) return name
    }
  }
  return undefined
}
