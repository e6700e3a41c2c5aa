// The words every layer shares, config included: severities, check categories and check ids. Plain
// constants, so the config schema can validate against them without depending on the rest of the model.

import { FIXATION_IDS } from '../checks/fixation/ids.js'
import { LIFECYCLE_IDS } from '../checks/lifecycle/ids.js'
import { COOKIE_IDS } from '../checks/cookies/ids.js'
import { TOKEN_IDS } from '../checks/tokens/ids.js'
import { AUTHORIZATION_IDS } from '../checks/authorization/ids.js'
import { PRIVILEGE_IDS } from '../checks/privilege/ids.js'
import { SOURCE_IDS } from '../checks/source/ids.js'

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

// Each check family keeps its ids beside its checks (checks/<family>/ids.ts); the report order is the
// category order below.
/** The checks a black-box scan runs (its coverage is counted over these). */
export const SCAN_CHECK_IDS = [
  ...FIXATION_IDS,
  ...LIFECYCLE_IDS,
  ...COOKIE_IDS,
  ...TOKEN_IDS,
  ...AUTHORIZATION_IDS,
  ...PRIVILEGE_IDS,
] as const
/** The checks `sessionguard check` (and `scan --source`) runs over a project's source and lockfiles. */
export const SOURCE_CHECK_IDS = SOURCE_IDS
/** The whole catalogue: every id a finding can carry. */
export const CHECK_IDS = [...SCAN_CHECK_IDS, ...SOURCE_CHECK_IDS] as const
export type CheckId = (typeof CHECK_IDS)[number]

// privilege: the changes of privilege after the password (a second factor, a step-up), where the id must change again
export const CATEGORIES = ['fixation', 'lifecycle', 'cookies', 'tokens', 'authorization', 'privilege', 'source'] as const
export type Category = (typeof CATEGORIES)[number]
/** The categories of a black-box scan's checks. */
export const SCAN_CATEGORIES = [
  'fixation',
  'lifecycle',
  'cookies',
  'tokens',
  'authorization',
  'privilege',
] as const satisfies readonly Category[]

/** The ids of each family, so a family name in the config (checks:, require:) expands without the registry. */
export const FAMILY_IDS: Readonly<Record<Category, readonly CheckId[]>> = {
  fixation: FIXATION_IDS,
  lifecycle: LIFECYCLE_IDS,
  cookies: COOKIE_IDS,
  tokens: TOKEN_IDS,
  authorization: AUTHORIZATION_IDS,
  privilege: PRIVILEGE_IDS,
  source: SOURCE_IDS,
}
