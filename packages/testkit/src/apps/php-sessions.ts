// PHP's own session handling, served by Debian's php-cli built-in server (`php -S`), configured only
// through php.ini flags (`-d`). Pages: /login.php (GET: form + CSRF token, session_start() issues a
// pre-auth PHPSESSID; POST: login), /account.php (302 to /login.php without a login), /logout.php
// (POST: clears $_SESSION, expires the cookie, session_destroy()). Logout is correct in every mode,
// so no mode has SG-LOGOUT.
//
// mode 'lax' — VULNERABLE. session.use_strict_mode=0 and no session_regenerate_id(): PHP adopts any
//   PHPSESSID the client invents, so a planted id becomes the victim's session: SG-FIX-ADOPT (cookie).
//   The pre-auth id it issues also survives login (SG-FIX-LOGIN holds too, if the scanner reports
//   it alongside adoption). Cookie `PHPSESSID=…; path=/`: SG-COOKIE-HTTPONLY, SG-COOKIE-SAMESITE
//   (+ -SECURE/-PREFIX per policy).
// mode 'strict-no-regenerate' — VULNERABLE. use_strict_mode=1 (invented ids are replaced, no
//   SG-FIX-ADOPT, no SG-PERMISSIVE), but no session_regenerate_id(): SG-FIX-LOGIN. Cookies as 'lax'.
// mode 'correct' — SAFE. Strict mode, session_regenerate_id(true) at login, cookie
//   `HttpOnly; SameSite=Lax`: no fixation finding (only -SECURE/-PREFIX per policy).
// mode 'trans-sid' — as 'correct', plus session.use_only_cookies=0 and session.use_trans_sid=1: PHP
//   itself accepts the id from ?PHPSESSID= and writes it into links when no cookie came back:
//   SG-URL. Strict mode and regeneration still hold, so no fixation finding.
// rejectQueries: true — any URL with a query string answers 404 (as a front end that refuses query
//   strings does, through a php -S router script): a session id planted in the query finds no page.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { answers200, startChildServer } from '../child-server.js'
import { scanConfig } from './config.js'
import type { TargetApp } from './types.js'
import { ACCOUNTS, ALICE, BOB } from './users.js'

export type PhpSessionMode = 'lax' | 'strict-no-regenerate' | 'correct' | 'trans-sid'

function iniFor(mode: PhpSessionMode, sessionDir: string): Record<string, string> {
  const safe = mode === 'correct' || mode === 'trans-sid'
  return {
    display_errors: '0',
    log_errors: '1',
    'session.save_handler': 'files',
    'session.save_path': sessionDir,
    'session.name': 'PHPSESSID',
    'session.gc_probability': '0',
    'session.use_cookies': '1',
    'session.use_strict_mode': mode === 'lax' ? '0' : '1',
    'session.use_only_cookies': mode === 'trans-sid' ? '0' : '1',
    'session.use_trans_sid': mode === 'trans-sid' ? '1' : '0',
    'session.cookie_httponly': safe ? '1' : '0',
    'session.cookie_samesite': safe ? 'Lax' : '',
    'session.cookie_lifetime': '0',
  }
}

function scripts(regenerate: boolean): Record<string, string> {
  const common = `<?php
const REGENERATE = ${regenerate ? 'true' : 'false'};
const USERS = ['${ALICE.username}' => '${ALICE.password}', '${BOB.username}' => '${BOB.password}'];
function h(string $s): string { return htmlspecialchars($s, ENT_QUOTES); }
function page(string $body): void {
  header('Content-Type: text/html; charset=utf-8');
  echo "<!doctype html>\\n<html><body>\\n$body\\n</body></html>\\n";
}
function login_form(string $error = ''): string {
  if (empty($_SESSION['csrf'])) $_SESSION['csrf'] = bin2hex(random_bytes(16));
  return '<h1>Sign in</h1>' . ($error ? '<p class="error">' . h($error) . '</p>' : '')
    . '<form method="post" action="/login.php">'
    . '<input type="hidden" name="csrf_token" value="' . h($_SESSION['csrf']) . '">'
    . '<label>Username <input type="text" name="username"></label>'
    . '<label>Password <input type="password" name="password"></label>'
    . '<button type="submit">Sign in</button></form>';
}
`
  return {
    'common.php': common,
    'index.php': `<?php
require __DIR__ . '/common.php';
page('<a href="/login.php">Sign in</a> <a href="/account.php">Account</a>');
`,
    'login.php': `<?php
require __DIR__ . '/common.php';
session_start();
if ($_SERVER['REQUEST_METHOD'] === 'POST') {
  if (!hash_equals($_SESSION['csrf'] ?? '', (string)($_POST['csrf_token'] ?? ''))) {
    http_response_code(403);
    page('<p>Invalid CSRF token</p>');
    exit;
  }
  $u = (string)($_POST['username'] ?? '');
  $p = (string)($_POST['password'] ?? '');
  if (!isset(USERS[$u]) || !hash_equals(USERS[$u], $p)) {
    http_response_code(401);
    page(login_form('Invalid username or password'));
    exit;
  }
  if (REGENERATE) session_regenerate_id(true);
  $_SESSION['user'] = $u;
  $_SESSION['csrf'] = bin2hex(random_bytes(16));
  header('Location: /account.php', true, 303);
  exit;
}
page(login_form());
`,
    'account.php': `<?php
require __DIR__ . '/common.php';
session_start();
if (empty($_SESSION['user'])) {
  header('Location: /login.php', true, 302);
  exit;
}
page('<h1>Account</h1><p>Welcome ' . h($_SESSION['user']) . '</p>'
  . '<a href="/index.php">Home</a>'
  . '<form method="post" action="/logout.php"><button type="submit">Sign out</button></form>');
`,
    'logout.php': `<?php
require __DIR__ . '/common.php';
if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
  http_response_code(405);
  header('Allow: POST');
  exit;
}
session_start();
$_SESSION = [];
$p = session_get_cookie_params();
setcookie(session_name(), '', ['expires' => time() - 3600, 'path' => $p['path'], 'domain' => $p['domain'],
  'secure' => $p['secure'], 'httponly' => $p['httponly'], 'samesite' => $p['samesite']]);
session_destroy();
header('Location: /login.php', true, 303);
`,
  }
}

const REJECT_QUERIES_ROUTER = `<?php
if (($_SERVER['QUERY_STRING'] ?? '') !== '') {
  http_response_code(404);
  header('Content-Type: text/html; charset=utf-8');
  echo "<!doctype html>\\n<html><body><h1>Not Found</h1></body></html>\\n";
  return true;
}
return false;
`

export async function startPhpSessions(opts: { mode: PhpSessionMode; rejectQueries?: boolean }): Promise<TargetApp> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-php-'))
  const docroot = join(dir, 'www')
  const sessionDir = join(dir, 'sessions')
  await mkdir(docroot)
  await mkdir(sessionDir)
  const regenerate = opts.mode === 'correct' || opts.mode === 'trans-sid'
  for (const [file, text] of Object.entries(scripts(regenerate))) await writeFile(join(docroot, file), text)
  const router = opts.rejectQueries ? [join(dir, 'router.php')] : []
  if (opts.rejectQueries) await writeFile(router[0]!, REJECT_QUERIES_ROUTER)

  const ini = Object.entries(iniFor(opts.mode, sessionDir)).flatMap(([k, v]) => ['-d', `${k}=${v}`])
  const server = await startChildServer({
    what: 'php -S',
    command: 'php',
    args: (port) => ['-n', ...ini, '-S', `127.0.0.1:${port}`, '-t', docroot, ...router],
    ready: answers200('/index.php'),
    timeoutMs: 15_000,
  }).catch(async (err: unknown) => {
    await rm(dir, { recursive: true, force: true })
    throw err
  })
  const url = server.url
  return {
    name: `php-sessions-${opts.mode}${opts.rejectQueries ? '-no-queries' : ''}`,
    url,
    config: scanConfig(
      url,
      { page: '/login.php', url: '/login.php', type: 'form', check: { url: '/account.php' } },
      { url: '/logout.php', method: 'POST' },
    ),
    accounts: ACCOUNTS.map((a) => ({ ...a })),
    close: async () => {
      await server.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
