import type { ScanConfig } from '../config/schema.js'
import type { CheckOutcome } from '../model/finding.js'

/** The authorization family needs two accounts and objects to replay; until configured it is listed, not silently skipped. */
export function notTestedAuthorization(config: ScanConfig): CheckOutcome[] {
  const enableWith = 'accounts: (two logins) and objects: ["/orders/{id}"] in the config'
  const reason = config.accounts?.length ? 'cross-account replay is not part of this scan' : 'needs two test accounts and the objects to replay'
  return (['SG-IDOR', 'SG-AUTH-MISSING', 'SG-IDOR-ENUM'] as const).map((id) => ({ id, status: 'not-tested' as const, reason, enableWith }))
}
