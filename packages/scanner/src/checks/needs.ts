// How to enable a check, written once per need, and the reference sets every check of a family shares
// (check-specific additions are spelled out in each family's meta.ts).

export const LOGIN_FLAGS = '--login-url/--username/--password-env/--check-url (or login: in the config file)'
export const LOGOUT_FLAGS = `${LOGIN_FLAGS} and --logout-url (or logout:)`
export const TOKEN_FLAGS = '--tokens N (or tokens: { samples: N } in the config file)'
export const ACCOUNTS_FLAGS =
  'two accounts: --account name:username:PASSWORD_ENV twice, or login.credentials as a list / accounts: in the config file'

export const SESSION_PCI = ['6.2.4']
export const SOC2_ACCESS = ['CC6.1']
