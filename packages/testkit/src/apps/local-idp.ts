// The OpenID provider of the single-sign-on test apps: npm oidc-provider with its in-memory adapter, one
// confidential client, its development login form (any password) and no consent screen.
import { randomBytes } from 'node:crypto'
import type { Server } from 'node:http'

export interface LocalClient {
  clientId: string
  clientSecret: string
  redirectUri: string
  /** How the client authenticates at the token endpoint (default client_secret_basic). */
  authMethod?: 'client_secret_post' | 'client_secret_basic'
}

/** Serves a provider at `issuer` on `server` for one client. */
export async function serveLocalProvider(server: Server, issuer: string, client: LocalClient): Promise<void> {
  // Loaded here, not at the top: testkit's root re-exports the apps, and every test or bench that
  // imports testkit would otherwise load the provider (and print its runtime warning on Node 20).
  const { default: Provider } = await import('oidc-provider')
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [client.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: client.authMethod ?? 'client_secret_basic',
      },
    ],
    cookies: { keys: [randomBytes(32).toString('hex')] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => false },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    // one first-party client: the grant is given without a consent screen
    loadExistingGrant: async (ctx) => {
      const oidc = ctx.oidc
      const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId! })
      grant.addOIDCScope('openid')
      await grant.save()
      return grant
    },
  })
  server.on('request', provider.callback())
}
