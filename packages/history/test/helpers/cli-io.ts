// Runs one of the CLI's registered commands in-process with captured output, the way main() would.
import { Command, CommanderError } from 'commander'

export interface CapturedRun {
  code: number
  stdout: string
  stderr: string
}

export interface TestIO {
  out(text: string): void
  err(text: string): void
  setExitCode(code: number): void
  signal?: AbortSignal
  stdout: string
  stderr: string
  code: number
}

export function testIO(signal?: AbortSignal): TestIO {
  const io: TestIO = {
    stdout: '',
    stderr: '',
    code: 0,
    out: (t) => void (io.stdout += t),
    err: (t) => void (io.stderr += t),
    setExitCode: (c) => void (io.code = c),
  }
  if (signal) io.signal = signal
  return io
}

/** Builds a program with the given registrations and parses args; commander usage errors count as exit 2, like main(). */
export async function runCommand(register: (program: Command) => void, args: string[], io: TestIO): Promise<CapturedRun> {
  const program = new Command().name('sessionguard').exitOverride()
  program.configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
  register(program)
  try {
    await program.parseAsync(args, { from: 'user' })
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err
    io.setExitCode(err.code === 'commander.helpDisplayed' ? 0 : 2)
  }
  return { code: io.code, stdout: io.stdout, stderr: io.stderr }
}
