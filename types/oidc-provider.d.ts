// The part of oidc-provider (no bundled types) the SSO test app uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'
  interface Grant {
    addOIDCScope(scope: string): void
    save(): Promise<string>
  }
  interface GrantConstructor {
    new (init: { clientId: string; accountId: string }): Grant
  }
  interface OidcContext {
    oidc: {
      provider: { Grant: GrantConstructor }
      client?: { clientId: string }
      session?: { accountId?: string }
    }
  }
  interface ProviderConfiguration {
    clients: Array<Record<string, unknown>>
    cookies?: { keys: string[] }
    features?: { devInteractions?: { enabled: boolean } }
    pkce?: { required: () => boolean }
    findAccount?: (ctx: OidcContext, id: string) => Promise<{ accountId: string; claims: () => Promise<Record<string, unknown>> }>
    loadExistingGrant?: (ctx: OidcContext) => Promise<Grant | undefined>
  }
  export default class Provider {
    constructor(issuer: string, configuration: ProviderConfiguration)
    callback(): (req: IncomingMessage, res: ServerResponse) => void
  }
}
