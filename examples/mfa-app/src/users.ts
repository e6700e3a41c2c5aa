// The demo accounts' TOTP secrets (base32). Demo only, like the passwords in examples/users.ts: enrol
// them in an authenticator app, or give them to the scanner through SG_TOTP / SG_TOTP_BOB.
export const DEMO_TOTP_SECRETS: Readonly<Record<string, string>> = {
  'u-alice': 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  'u-bob': 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU',
}
