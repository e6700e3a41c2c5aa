// The API description (OpenAPI/Swagger): loading it, the objects and security it declares, and its
// proposals for the login/logout/check endpoints a config leaves out.
import type { ScanConfig } from '../config/schema.js'
import type { HttpEngine } from '../http/client.js'
import type { Scope } from '../http/scope.js'
import { applyProposals } from './propose.js'
import { specForScan } from './load.js'

export { fillTemplate, isSafeMethod, matchTemplate, parseObjectEntry, publicMatcher, type ObjectTemplate } from './patterns.js'
export { loadSpec, specForScan } from './load.js'
export { readSpec, type ApiOperation, type ApiSpec, type SecurityScheme } from './model.js'
export { applyProposals, proposeEndpoints, type SpecProposals } from './propose.js'
export { enforcementNotes, operationFor, schemeNotes, type AnonymousResult } from './security.js'

/** With `spec:` set, fills the login, check and logout the config leaves out; otherwise the config as it is. */
export async function withSpec(config: ScanConfig, http: HttpEngine, scope: Scope): Promise<{ config: ScanConfig; notes: string[] }> {
  if (!config.spec) return { config, notes: [] }
  const spec = await specForScan(config.spec, http, scope)
  const applied = applyProposals(config, spec)
  return {
    config: applied.config,
    notes: [
      `API description read from ${spec.source} (${spec.title ? `${spec.title}, ` : ''}${spec.version.startsWith('2') ? 'Swagger' : 'OpenAPI'} ${spec.version}, ${spec.operations.length} operations).`,
      ...applied.notes,
    ],
  }
}
