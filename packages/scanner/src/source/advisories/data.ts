// Published session-fixation advisories (CWE-384) of packages a web application depends on, as data.
// Each entry was checked against the GitHub Advisory Database record named in `source` (its affected
// ranges are copied as events: introduced ≤ version < fixed). To add one: copy the record's ranges,
// its ids and its summary in your own words, and add a lockfile fixture to the tests.

export type Ecosystem = 'npm' | 'pypi' | 'crates'

export interface Advisory {
  ecosystem: Ecosystem
  package: string
  /** Affected when introduced ≤ version < fixed (a missing bound is open). */
  ranges: Array<{ introduced?: string; fixed?: string }>
  ids: string[]
  severity: 'critical' | 'high' | 'medium' | 'low'
  summary: string
  /** The advisory record the ranges were taken from. */
  source: string
  /** The version to upgrade to, in words. */
  fix: string
}

export const ADVISORIES: readonly Advisory[] = [
  {
    ecosystem: 'npm',
    package: 'passport',
    ranges: [{ fixed: '0.6.0' }],
    ids: ['CVE-2022-25896', 'GHSA-v923-w3x8-wh69'],
    severity: 'medium',
    summary:
      'req.login() keeps the session the request arrived with and only adds the user to it, so a session id planted before the login is authenticated afterwards.',
    source: 'https://github.com/advisories/GHSA-v923-w3x8-wh69',
    fix: 'passport 0.6.0 or later (it regenerates the session at login and logout; koa-passport 5.0.0 and later depend on it)',
  },
  {
    ecosystem: 'npm',
    package: '@fastify/passport',
    ranges: [{ fixed: '1.1.0' }, { introduced: '2.0.0', fixed: '2.3.0' }],
    ids: ['CVE-2023-29019', 'GHSA-4m3m-ppvx-xgw9'],
    severity: 'high',
    summary:
      "authenticate() keeps the @fastify/session id of the pre-login session, so an attacker who tosses a session cookie into the victim's browser rides the victim's login.",
    source: 'https://github.com/advisories/GHSA-4m3m-ppvx-xgw9',
    fix: '@fastify/passport 2.3.0 or later (1.1.0 on the 1.x line)',
  },
  {
    ecosystem: 'npm',
    package: 'express-openid-connect',
    ranges: [{ introduced: '2.3.0', fixed: '2.5.2' }],
    ids: ['CVE-2021-41246', 'GHSA-7rg2-qxmf-hhx9'],
    severity: 'medium',
    summary: 'Versions 2.3.0 to 2.5.1 do not regenerate the session id and cookie when the user logs in.',
    source: 'https://github.com/advisories/GHSA-7rg2-qxmf-hhx9',
    fix: 'express-openid-connect 2.5.2 or later',
  },
  {
    ecosystem: 'pypi',
    package: 'aiohttp-session',
    ranges: [{ fixed: '2.4.0' }],
    ids: ['CVE-2018-1000519', 'GHSA-fpwp-69xv-c67f'],
    severity: 'high',
    summary: 'Before 2.4.0 the session id is not renewed, which allows session fixation.',
    source: 'https://github.com/advisories/GHSA-fpwp-69xv-c67f',
    fix: 'aiohttp-session 2.4.0 or later, and call new_session() at login',
  },
  {
    ecosystem: 'pypi',
    package: 'django',
    ranges: [{ introduced: '1.8a1', fixed: '1.8.2' }],
    ids: ['CVE-2015-3982', 'GHSA-6wgp-fwfm-mxp3'],
    severity: 'medium',
    summary:
      'session.flush() in the cached_db backend of Django 1.8 before 1.8.2 leaves an empty session key that an attacker can use to hijack sessions.',
    source: 'https://github.com/advisories/GHSA-6wgp-fwfm-mxp3',
    fix: 'Django 1.8.2 or a supported release',
  },
  {
    ecosystem: 'pypi',
    package: 'apache-airflow',
    ranges: [{ fixed: '2.7.0rc2' }],
    ids: ['CVE-2023-40273', 'GHSA-pm87-24wq-r8w9'],
    severity: 'high',
    summary: "The Airflow web server kept an authenticated session valid after the user's password was reset (session fixation).",
    source: 'https://github.com/advisories/GHSA-pm87-24wq-r8w9',
    fix: 'apache-airflow 2.7.0 or later',
  },
]
