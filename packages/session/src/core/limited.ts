/**
 * Runs `work` over `items` with at most `limit` calls in flight. Once a call fails no new one
 * starts; the ones in flight are awaited, then the first failure is thrown, so a caller that must
 * not go on after a failed step (revokeUser trims its list only when every delete is done) never
 * sees the call return before the work it started has settled.
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  let failed = false
  let failure: unknown
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++]!
      try {
        await work(item)
      } catch (err) {
        if (!failed) failure = err
        failed = true
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failed) throw failure
}
