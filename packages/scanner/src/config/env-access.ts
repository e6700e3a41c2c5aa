import { ConfigError } from '../errors.js'

// Which environment variables a config file may read through ${NAME}. A config often comes with the
// repository being scanned; if it could name any variable, `${GITHUB_TOKEN}` in a header would send
// the runner's token to the target. So a file reads only variables meant for sessionguard (SG_…)
// and those the operator names on the command line (--allow-env, the Action's allow-env input).

/** Variables with this prefix are always readable by a config file. */
export const CONFIG_ENV_PREFIX = 'SG_'

/** What the operator allowed beyond SG_*: exact names, or a prefix written as `APP_*`. */
export interface EnvAccess {
  allowEnv?: readonly string[] | undefined
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*\*?$/

/** Checks the operator's --allow-env values: a variable name, or a prefix ending in `*`. */
export function allowEnvEntries(values: readonly string[], flag = '--allow-env'): string[] {
  const out: string[] = []
  for (const raw of values.flatMap((v) => v.split(','))) {
    const v = raw.trim()
    if (!v) continue
    if (!NAME.test(v) || v === '*')
      throw new ConfigError(
        `${flag} ${JSON.stringify(v)}: expected an environment variable name (GITHUB_TOKEN) or a prefix ending in * (APP_*)`,
      )
    out.push(v)
  }
  return out
}

/** Whether a config file may interpolate `name`. */
export function configMayRead(name: string, access: EnvAccess = {}): boolean {
  if (name.startsWith(CONFIG_ENV_PREFIX)) return true
  return (access.allowEnv ?? []).some((a) => (a.endsWith('*') ? name.startsWith(a.slice(0, -1)) : a === name))
}

/** The refusal, naming the variable and how the operator allows it. */
export function envRefusal(name: string, where: string): string {
  return `${where} refers to the environment variable ${name}, which a config file may not read: only ${CONFIG_ENV_PREFIX}* variables are interpolated, and those the operator allows (sessionguard scan --allow-env ${name}, the Action's allow-env input, sessionguard monitor --allow-env ${name})`
}
