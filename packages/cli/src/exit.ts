import { isSessionguardError, maskCredentialParams, replaceControls } from '@sessionguard/scanner'

/** 2 for usage/config errors, 3 for the target or the scan failing; anything unexpected is a scan error too. */
export function exitCodeForError(err: unknown): number {
  if (isSessionguardError(err) && err.exitCode !== undefined) return err.exitCode
  const code = (err as { exitCode?: unknown })?.exitCode
  return typeof code === 'number' && code >= 1 && code <= 3 ? code : 3
}

/** One line on stderr, the way a user should read it: what went wrong, never a stack unless SG_DEBUG is set. */
export function printError(err: unknown): void {
  if (process.env.SG_DEBUG && err instanceof Error) {
    process.stderr.write(`${err.stack ?? err.message}\n`)
    return
  }
  const message = err instanceof Error ? err.message : String(err)
  const raw = (err as { code?: unknown })?.code
  const code = isSessionguardError(err) || (typeof raw === 'string' && raw.startsWith('SG_')) ? ` [${String(raw)}]` : ''
  // the message may quote the target (a parser reason, a header): no terminal escapes reach the user's screen
  // and no URL credential (a mistyped target's ?token=) even if the error never passed a redactor
  const line = replaceControls(maskCredentialParams(message.split('\n')[0] ?? ''), ' ')
  process.stderr.write(`sessionguard: error: ${line}${code}\n`)
}
