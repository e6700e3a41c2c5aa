import type { EngineOptions } from '../../src/http/client.js'

/**
 * A time budget for a driver that several tests share (one browser, one budget): a day, so that no
 * machine is slow enough for the budget to end a test that is not about the budget. The sum of the
 * tests' times counts against one budget; 300 s ran out on the last picture of hostile-browser at
 * load 16-25 (the screenshot tests took 228-313 s). Under 2^31 ms, the longest a timer can wait.
 */
export const SHARED_DRIVER_BUDGET_MS = 24 * 60 * 60 * 1000

/** Engine settings for tests that drive HttpEngine directly: generous defaults, override what the test is about. */
export const engineOptions = (over: Partial<EngineOptions> = {}): EngineOptions => ({
  timeoutMs: 5000,
  budgetMs: 30_000,
  maxRequests: 100,
  rate: 100_000,
  followRedirects: 'same-origin',
  maxRedirects: 5,
  maxBody: 1024 * 1024,
  insecure: false,
  headers: {},
  cookies: {},
  ...over,
})
