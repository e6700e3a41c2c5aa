import type { ActionInputs } from './inputs.js'

/** The variable the password input is handed to the CLI through, so it never appears in argv. */
export const PASSWORD_VAR = 'SESSIONGUARD_ACTION_PASSWORD'

/**
 * The `sessionguard scan` command line for the inputs: the Action is the CLI with a CI face, so flags,
 * config merging (inputs override the file, as flags do), errors and exit codes are the CLI's own.
 */
export function cliArgs(inputs: ActionInputs, jsonReportPath: string): string[] {
  const args = ['scan']
  if (inputs.target) args.push(inputs.target)
  const flag = (name: string, value: string | number | undefined): void => {
    if (value !== undefined) args.push(name, String(value))
  }
  flag('--config', inputs.config)
  flag('--fail-on', inputs.failOn)
  // fail-on none leaves the gate to the config file; without fail_on there, findings do not fail the step
  if (inputs.failOn === undefined) flag('--default-fail-on', 'none')
  flag('--threshold', inputs.threshold)
  flag('--login-url', inputs.loginUrl)
  flag('--username', inputs.username)
  flag('--password-env', inputs.password ? PASSWORD_VAR : inputs.passwordEnv)
  flag('--check-url', inputs.checkUrl)
  flag('--check-contains', inputs.checkContains)
  flag('--logout-url', inputs.logoutUrl)
  args.push('--output', jsonReportPath, '--quiet', '--no-color')
  return args
}
