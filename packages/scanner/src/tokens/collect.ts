export interface CollectOptions {
  samples: number
  concurrency: number
  onProgress?: (collected: number, total: number) => void
  signal?: AbortSignal
}

/**
 * Calls `fetchOne` until `samples` ids are collected, at most `concurrency` calls in flight. Ids are
 * kept in the order they arrive and never deduplicated: a repeat is evidence. A call that yields no id
 * is retried, up to as many extra attempts as samples asked for, so a target that stops issuing ids
 * ends the collection instead of looping forever. On abort it stops starting calls and resolves with
 * what it has; an error from `fetchOne` rejects once the calls in flight have settled.
 */
export async function collectTokens(fetchOne: () => Promise<string | undefined>, opts: CollectOptions): Promise<string[]> {
  const total = Math.max(0, Math.floor(opts.samples))
  const workers = Math.max(1, Math.min(Math.floor(opts.concurrency) || 1, total || 1))
  const maxAttempts = total * 2
  const tokens: string[] = []
  let started = 0
  let failure: { error: unknown } | undefined

  const wanted = (): boolean => tokens.length + inFlight < total && started < maxAttempts && !failure && !opts.signal?.aborted
  let inFlight = 0
  const worker = async (): Promise<void> => {
    while (wanted()) {
      started++
      inFlight++
      let token: string | undefined
      try {
        token = await fetchOne()
      } catch (error) {
        failure ??= { error }
      } finally {
        inFlight--
      }
      if (token !== undefined && tokens.length < total && !opts.signal?.aborted) {
        tokens.push(token)
        opts.onProgress?.(tokens.length, total)
      }
    }
  }
  await Promise.all(Array.from({ length: workers }, worker))
  if (failure) throw failure.error
  return tokens
}
