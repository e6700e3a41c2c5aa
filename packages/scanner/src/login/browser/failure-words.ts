/**
 * Why the browser failed at something, in the scanner's words only. Once a page holds a typed secret,
 * Playwright's message names what the page chose (the URL it navigated to, the one it was interrupted by),
 * and no cutting of URLs out of that text is sure to catch every way a URL can be written into it: so the
 * message is read for its kind of failure and nothing of it is passed on.
 */
export function failureWords(err: unknown): string {
  const msg = String((err as Error)?.message ?? err)
  const code = /net::(ERR_[A-Z_]+)/.exec(msg)?.[1]
  if (code) return `the browser could not open it (${code})`
  if (/interrupted by another navigation/i.test(msg)) return 'interrupted by another navigation'
  if ((err as Error)?.name === 'TimeoutError' || /Timeout|timed out/i.test(msg)) return 'timed out'
  if (/closed/i.test(msg)) return 'the page or browser was closed'
  return "it failed (the browser's message is not shown: the page holds a typed secret)"
}
