import type { EngineOptions } from '../../src/http/client.js'

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
