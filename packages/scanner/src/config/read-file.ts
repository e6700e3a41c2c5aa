import { constants } from 'node:fs'
import { open } from 'node:fs/promises'

export interface ReadOptions {
  /**
   * A pipe or a terminal is read too (`-c <(…)`, `-c /dev/stdin`): only for a path the person running the
   * scan typed. A path a file named (a config's `baseline:`, a monitor's target list) must be a regular
   * file: `/dev/stdin` or a FIFO there would leave a CI job waiting for input that never comes.
   */
  pipes?: boolean
}

/**
 * Reads a file the scanner was pointed at (config, ignore file, baseline) as UTF-8, at most `maxBytes`:
 * one byte past the cap is read, never the whole of a huge file (or /dev/zero). Resolves to undefined
 * when the file is larger; file-system errors are thrown as they come, for the caller to word.
 */
export async function readBoundedText(path: string, maxBytes: number, opts: ReadOptions = {}): Promise<string | undefined> {
  // non-blocking open: opening a FIFO that no one writes returns at once instead of waiting for a writer
  // (O_NONBLOCK is absent on Windows, where there are no FIFOs to open)
  const handle = await open(path, opts.pipes ? constants.O_RDONLY : constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    const info = await handle.stat()
    if (!info.isFile() && !(opts.pipes && (info.isFIFO() || info.isCharacterDevice() || info.isSocket())))
      throw new Error(`not a regular file (${info.isDirectory() ? 'a directory' : info.isFIFO() ? 'a pipe' : 'a device or socket'})`)
    const buf = Buffer.alloc(maxBytes + 1)
    let bytesRead = 0
    for (let n = -1; n !== 0 && bytesRead < buf.length; bytesRead += n)
      n = (await handle.read(buf, bytesRead, buf.length - bytesRead, null)).bytesRead
    return bytesRead > maxBytes ? undefined : buf.subarray(0, bytesRead).toString('utf8')
  } finally {
    await handle.close()
  }
}

/** "ENOENT", or the message of an error that has no code: how a file error is named in a one-line refusal. */
export function fileErrorName(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String((err as Error).message ?? err).split('\n')[0]!
}

/**
 * Where JSON.parse stopped (" at line L, column C"), or '' when V8 does not say, never its message:
 * V8 quotes the text around the error ("Unexpected token 'r', "root:x:0:0"... is not valid JSON"),
 * and the file may be anything a config named (a baseline of /etc/passwd), so its bytes never reach
 * an error or an annotation.
 */
export function jsonErrorPlace(err: unknown, text: string): string {
  const at = /at position (\d+)/.exec(String((err as Error)?.message ?? ''))
  if (!at) return ''
  const pos = Number(at[1])
  const before = text.slice(0, pos)
  return ` at line ${before.split('\n').length}, column ${pos - before.lastIndexOf('\n')}`
}
