// Scan ids become file names and URL path segments; anything else is refused rather than escaped,
// so a hostile id can never name a path outside the store.
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/

export function isSafeId(id: string): boolean {
  return SAFE_ID.test(id) && !id.includes('..')
}
