#!/usr/bin/env node
// Installs what the test suite needs beyond npm's workspace: DynamoDB Local (from npm, kept out of
// the workspace because it is 350 MB), and on Debian as root the system tools the tests drive
// (php-cli, chromium, ent, rng-tools5, python3-django, python3-flask, python3-flask-login). Idempotent: does nothing when everything is present.
import { execSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const log = (msg) => console.error(`[ensure-tools] ${msg}`)

const ddbDir = join(root, 'tools/dynamodb-local')
if (!process.env.DYNAMODB_LOCAL_DIR && !existsSync(join(ddbDir, 'node_modules/amplify-dynamodb-simulator/emulator/DynamoDBLocal.jar'))) {
  log('installing DynamoDB Local (amplify-dynamodb-simulator) into tools/dynamodb-local …')
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: ddbDir, stdio: 'inherit' })
  if (r.status !== 0) {
    log('could not install DynamoDB Local')
    process.exit(1)
  }
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
const needed = [
  ['java', 'openjdk-17-jre-headless'],
  ['php', 'php-cli'],
  ['chromium', 'chromium'],
  ['ent', 'ent'],
  ['rngtest', 'rng-tools5'],
].filter(([cmd]) => !has(cmd))
// the Django test apps run on Debian's interpreter (a pyenv python3 earlier on PATH may lack Django)
if (spawnSync('/usr/bin/python3', ['-c', 'import django'], { stdio: 'ignore' }).status !== 0) needed.push(['django', 'python3-django'])
// the Flask test apps: Flask and Flask-Login from Debian, on the same interpreter
if (spawnSync('/usr/bin/python3', ['-c', 'import flask'], { stdio: 'ignore' }).status !== 0) needed.push(['flask', 'python3-flask'])
if (spawnSync('/usr/bin/python3', ['-c', 'import flask_login'], { stdio: 'ignore' }).status !== 0)
  needed.push(['flask_login', 'python3-flask-login'])

if (needed.length > 0) {
  const pkgs = needed.map(([, pkg]) => pkg)
  const isRoot = process.getuid?.() === 0
  if (isRoot && has('apt-get')) {
    log(`installing Debian packages: ${pkgs.join(' ')} …`)
    try {
      execSync('apt-get update -qq', { stdio: 'inherit' })
      execSync(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${pkgs.join(' ')}`, { stdio: 'inherit' })
    } catch {
      log('apt-get failed; the tests that need these tools will fail')
      process.exit(1)
    }
  } else {
    log(
      `missing system tools: ${needed.map(([c]) => c).join(', ')}. Install the Debian packages ${pkgs.join(' ')} (as root), then run the tests again.`,
    )
    process.exit(1)
  }
}
