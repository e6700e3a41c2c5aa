import { ALICE } from './users.js'

export interface LoginShape {
  page?: string
  url: string
  type: 'form' | 'json'
  fields?: { username?: string; password?: string }
  extra?: Record<string, string>
  check: { url: string; contains?: string }
}

/** The scan config (scanner YAML keys) that logs alice in and out of an app. */
export function scanConfig(
  url: string,
  login: LoginShape,
  logout: { url: string; method: 'GET' | 'POST' | 'DELETE' },
): Record<string, unknown> {
  const { page, fields, extra, ...rest } = login
  return {
    target: url,
    login: {
      ...(page ? { page } : {}),
      ...rest,
      ...(fields ? { fields } : {}),
      ...(extra ? { extra } : {}),
      credentials: { username: ALICE.username, password: ALICE.password },
      check: { contains: ALICE.username, ...login.check },
    },
    logout,
  }
}

/** The config of the plain form-login apps (formLoginHandler): /login, /account, POST /logout. */
export const formLoginConfig = (url: string): Record<string, unknown> =>
  scanConfig(url, { page: '/login', url: '/login', type: 'form', check: { url: '/account' } }, { url: '/logout', method: 'POST' })
