import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, isAbsolute, join } from 'node:path'
import { ConfigError } from '../../errors.js'
import { BROWSER_NAMES } from '../../config/browser-login-schema.js'

// Chromium comes from the system, never from a download at run time: the scanner drives what the
// user installed (Debian's chromium, or the Chrome they point at). Which program runs is the
// operator's decision: a path comes from a flag, the environment or the caller's options, never
// from a config file, which may only prefer one of the system browsers by name.

/** The environment variable in which the operator names the browser (a path or a name on PATH). */
export const BROWSER_ENV = 'SESSIONGUARD_BROWSER'

export const INSTALL_HINT = `install it (Debian/Ubuntu: sudo apt-get install chromium) or pass --browser /path/to/chromium (or set ${BROWSER_ENV})`

/** Who chose the browser: the operator (any executable) and the config file (a system browser's name). */
export interface BrowserChoice {
  /** --browser, the scan's `browser` option, the Action's browser input; else SESSIONGUARD_BROWSER. */
  operator?: string | undefined
  /** login.browser: one of BROWSER_NAMES. */
  configured?: (typeof BROWSER_NAMES)[number] | undefined
}

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The browser to launch: the operator's, else the configured name, else the first chromium/chrome on PATH or in /usr/bin. */
export function locateBrowser(choice: BrowserChoice = {}, env: NodeJS.ProcessEnv = process.env): string {
  const operator = choice.operator ?? (env[BROWSER_ENV] || undefined)
  if (operator !== undefined) {
    if (!isAbsolute(operator) && !operator.includes('/')) {
      const found = onPath([operator], env)
      if (found) return found
    } else if (executable(operator)) return operator
    throw new ConfigError(`browser login: ${JSON.stringify(operator)} is not an executable browser; ${INSTALL_HINT}`)
  }
  const names = choice.configured ? [choice.configured] : [...BROWSER_NAMES]
  const found = onPath(names, env) ?? names.map((n) => `/usr/bin/${n}`).find(executable)
  if (!found)
    throw new ConfigError(
      `browser login needs ${choice.configured ? `${choice.configured} (login.browser)` : 'Chromium'}, and none was found on PATH (${names.join(', ')}); ${INSTALL_HINT}`,
    )
  return found
}

/**
 * The first executable of `names` in a PATH directory. Relative entries ('.', '', 'bin') are skipped:
 * they would find a program in the working directory, often the checkout of the repository scanned.
 */
function onPath(names: string[], env: NodeJS.ProcessEnv): string | undefined {
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d && isAbsolute(d))
  for (const name of names) for (const dir of dirs) if (executable(join(dir, name))) return join(dir, name)
  return undefined
}
