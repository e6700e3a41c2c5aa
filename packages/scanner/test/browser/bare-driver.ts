import { resolveConfig } from '@sessionguard/scanner'
import { HttpEngine } from '../../src/http/client.js'
import { Scope } from '../../src/http/scope.js'
import { BrowserLoginDriver } from '../../src/login/browser/driver.js'
import { engineOptions } from '../engine/engine-options.js'

/** A browser driver on `target` with no login configured (the test opens pages itself); each part is closed by `closers`, last first. */
export function bareDriver(
  target: string,
  closers: Array<() => Promise<unknown>>,
): { scope: Scope; config: ReturnType<typeof resolveConfig>; driver: BrowserLoginDriver } {
  const scope = new Scope(target)
  const http = new HttpEngine(scope, engineOptions({ budgetMs: 120_000 }))
  closers.push(() => http.close())
  const config = resolveConfig({ target, scope: { timeout: '20s', budget: '120s' } })
  const driver = new BrowserLoginDriver(config, scope, http, process.env.SESSIONGUARD_BROWSER || 'chromium')
  closers.push(() => driver.close())
  return { scope, config, driver }
}
