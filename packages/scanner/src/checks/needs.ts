// How to enable a check, written once per situation, and the reference sets every check of a family
// shares (check-specific additions are spelled out in each family's meta.ts). Probes that report a
// check as not tested name a situation from ENABLE rather than writing their own hint, so the advice
// a user reads is the same in every report, in docs/checks.md and in the MCP schema.
// (test/checks/enable-hints.test.ts fails on a hint written anywhere else.)

const LOGIN = 'login: { url, credentials, check } in the config file (or --login-url/--username/--password-env/--check-url)'

export const ENABLE = {
  /** Any check that needs the scanner to log in. */
  login: LOGIN,
  /** SG-LOGOUT with no login configured either. */
  logout: `${LOGIN} and logout: { url } (or --logout-url)`,
  /** SG-LOGOUT with a login but no logout endpoint. */
  logoutUrl: 'logout: { url, method } in the config file (or --logout-url)',
  /** The timed SG-EXPIRY test. */
  timedExpiry: `${LOGIN}, with session: { idle_timeout, absolute_timeout } (or --idle-timeout/--absolute-timeout)`,
  /** Token statistics. */
  tokens: 'tokens: { samples: 2000 } in the config file (or --tokens 2000)',
  /** Cross-account checks without a second account. */
  accounts: 'two accounts: accounts: in the config file or login.credentials as a list (or --account name:username:PASSWORD_ENV twice)',
  /** Cross-account checks with no login at all (a spec's login operation counts as one). */
  loginAndAccounts:
    'login: { url, check } with two accounts, in login.credentials (a list) or accounts:, in the config file (or --login-url/--check-url and --account name:username:PASSWORD_ENV twice); a spec: with a login operation supplies the login',
  /** Cross-account checks when one of the two accounts could not log in. */
  accountLogin:
    "check: { contains } on that account's entry in login.credentials or accounts: (its own proof of login, when its page shows other text than login.check.contains adapted to its name), and its credentials (--account name:username:PASSWORD_ENV)",
  /** SG-IDOR when a requester's session ended during its replays. */
  accountSession:
    'accounts: (or --account name:username:PASSWORD_ENV) whose sessions outlive the scan: a longer session lifetime on the test environment, and no page the accounts can reach that signs them out',
  /** Cross-account checks with accounts but no object found to replay. */
  objects: 'objects: ["/orders/{id}"] or spec: an OpenAPI/Swagger document naming the object URLs (or --object, --spec)',
  /** Fixation across login when no pre-login session was found. */
  preLogin:
    "login.pre: [/page-that-starts-a-session] (or --pre-login /page), session.start: [requests or browser steps] when a form or a script starts it, login.discovery: { browser: true } (--discovery-browser) to let the pages' scripts run, or a larger login.discovery budget",
  /** Fixation across login when no pre-login session was found and discovery saw forms it did not submit. */
  preLoginForms:
    'session.start: [{ method: POST, url: /the-form-action, form: { … } }] (how a visitor gets a session), or login.discovery: { forms: true } (--discovery-forms) to submit the forms discovery saw',
  /** Cookie checks when no session cookie was seen without logging in. */
  sessionCookie: `${LOGIN}, so the scanner finds the session cookie`,
  /** The second-factor checks without login.mfa. */
  mfa: `${LOGIN}, with login.mfa: { type: totp } and credentials.totp_secret_env (or --totp-secret-env SG_TOTP), or login.mfa: { type: url, code_url, pattern } for codes sent by mail (or --mfa-code-url/--mfa-code-pattern)`,
  /** SG-FIX-STEPUP without a step-up configured. */
  stepup: `${LOGIN}, with stepup: { page, url, fields: { password: '{password}' }, check: { url, contains } } for the re-authentication before sensitive pages (or --stepup-url/--stepup-check-url/--stepup-check-contains)`,
  /** The source checks: they read a project's code and lockfiles. */
  source: "source: ./app in the config file (or --source ./app on a scan, the Action's source input; sessionguard check ./app alone)",
  /** A source check with nothing of its kind in the directory (no handler of a supported framework, no lockfile). */
  sourceFiles:
    'source: the folder that holds the handlers (TypeScript/JavaScript, Python, Rust) and the lockfiles (or --source DIR; sessionguard check DIR)',
  /** Checks the scan's time or request budget cut. */
  budget: 'scope: { budget: 10m, max_requests: 5000 } in the config file (or --budget 10m / --max-requests 5000)',
  /** A check left out by the check selection. */
  selection: 'checks: { include, exclude } in the config file (or --checks / --exclude-checks)',
} as const

export const SESSION_PCI = ['6.2.4']
export const SOC2_ACCESS = ['CC6.1']
