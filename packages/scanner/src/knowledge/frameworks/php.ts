import type { FrameworkAdvice } from './types.js'

export const php: FrameworkAdvice = {
  rotate: {
    text:
      'Turn on session.use_strict_mode=1 so PHP refuses ids it did not create, and call session_regenerate_id(true) right ' +
      'after a successful login (the `true` deletes the old session data). Also keep session.use_only_cookies=1 and ' +
      'session.use_trans_sid=0.',
    snippet: [
      '; php.ini',
      'session.use_strict_mode = 1',
      'session.use_only_cookies = 1',
      'session.use_trans_sid = 0',
      '',
      '// login.php, after password_verify() succeeds',
      'session_regenerate_id(true);',
      "$_SESSION['user_id'] = $user['id'];",
    ].join('\n'),
  },
  logout: {
    text:
      'Destroy the session on the server, not only in the browser: empty $_SESSION, call session_destroy() and expire ' +
      'the cookie with the same parameters it was set with.',
    snippet: [
      '$_SESSION = [];',
      '$p = session_get_cookie_params();',
      "setcookie(session_name(), '', ['expires' => time() - 3600, 'path' => $p['path'], 'domain' => $p['domain'], 'secure' => $p['secure'], 'httponly' => $p['httponly'], 'samesite' => $p['samesite']]);",
      'session_destroy();',
    ].join('\n'),
  },
  expiry: {
    text:
      'session.gc_maxlifetime only governs probabilistic garbage collection, so it is not a timeout. Store the last ' +
      'activity and login times in $_SESSION, check them at the start of every request and end the session when the ' +
      'idle or absolute limit has passed; keep session.cookie_lifetime=0.',
    snippet: [
      "if (isset($_SESSION['seen']) && time() - $_SESSION['seen'] > 900) { session_unset(); session_destroy(); }",
      "$_SESSION['seen'] = time();",
    ].join('\n'),
  },
  url: {
    text:
      'Set session.use_only_cookies=1 and session.use_trans_sid=0 so PHP neither reads the id from the URL nor ' +
      'rewrites links with it, and session.use_strict_mode=1 so a planted id is refused. Never pass session_id() into ' +
      'URLs yourself.',
  },
  tokens: {
    text:
      'Let PHP generate the id (it uses the system CSPRNG); do not call session_id() with your own value. If you ' +
      'changed the id settings, go back to the defaults of your PHP version (at least 128 bits). For your own tokens ' +
      'use bin2hex(random_bytes(32)), never uniqid(), mt_rand() or md5(time()).',
  },
  cookies: {
    text:
      'Set the cookie parameters before session_start(): secure, httponly, samesite=Lax, path=/, no domain and ' +
      'lifetime 0; rename the cookie with the __Host- prefix (it requires Secure, Path=/ and no Domain).',
    snippet: [
      "session_name('__Host-PHPSESSID');",
      "session_set_cookie_params(['lifetime' => 0, 'path' => '/', 'secure' => true, 'httponly' => true, 'samesite' => 'Lax']);",
      'session_start();',
    ].join('\n'),
  },
  authz: {
    text:
      'Check ownership in the query itself, using the user id from $_SESSION, and return 404 when nothing matches; ' +
      'reject requests without a logged-in user before touching data. Expose random ids (bin2hex(random_bytes(16))) ' +
      'instead of auto-increment keys.',
    snippet: [
      "$stmt = $pdo->prepare('SELECT * FROM orders WHERE id = ? AND owner_id = ?');",
      "$stmt->execute([$_GET['id'], $_SESSION['user_id']]);",
      'if (!$order = $stmt->fetch()) { http_response_code(404); exit; }',
    ].join('\n'),
  },
  elevate: {
    text: 'Call session_regenerate_id(true) when the second factor succeeds and again after every re-authentication (sudo mode), then record the new level in $_SESSION; until then keep only a pending marker (the user id awaiting its code), and let protected pages require the completed flag, not just the user id.',
    snippet:
      "if (totp_verify($secret, $_POST['code'])) {\n    session_regenerate_id(true); // new id, the half-authenticated one deleted\n    $_SESSION['user'] = $_SESSION['pending_user'];\n    $_SESSION['mfa'] = true;\n    unset($_SESSION['pending_user']);\n}",
  },
}
