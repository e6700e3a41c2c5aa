import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, isAbsolute, join } from 'node:path'
import { ConfigError } from '../../errors.js'

// Chromium comes from the system, never from a download at run time: the scanner drives what the
// user installed (Debian's chromium, or the Chrome they point at).

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']
const WELL_KNOWN = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

export const INSTALL_HINT =
  'install it (Debian/Ubuntu: sudo apt-get install chromium) or pass --browser /path/to/chromium (login.browser in the config)'

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The browser to launch: the configured path, else the first chromium/chrome on PATH or in /usr/bin. */
export function locateBrowser(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (configured !== undefined) {
    if (!isAbsolute(configured) && !configured.includes('/')) {
      const found = onPath([configured], env)
      if (found) return found
    } else if (executable(configured)) return configured
    throw new ConfigError(`browser login: ${JSON.stringify(configured)} is not an executable browser; ${INSTALL_HINT}`)
  }
  const found = onPath(NAMES, env) ?? WELL_KNOWN.find(executable)
  if (!found) throw new ConfigError(`browser login needs Chromium, and none was found on PATH (${NAMES.join(', ')}); ${INSTALL_HINT}`)
  return found
}

function onPath(names: string[], env: NodeJS.ProcessEnv): string | undefined {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean)
  for (const name of names) for (const dir of dirs) if (executable(join(dir, name))) return join(dir, name)
  return undefined
}
