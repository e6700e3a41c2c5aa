import type { FrameworkAdvice } from './types.js'

export const rails: FrameworkAdvice = {
  rotate: {
    text:
      'Call reset_session in the login action before writing the user id into the session; Devise (through Warden) ' +
      'already renews the session on sign-in. Never load a session by an id taken from params or headers.',
    snippet: [
      'def create',
      '  user = User.find_by(email: params[:email])&.authenticate(params[:password])',
      '  return head :unauthorized unless user',
      '  reset_session',
      '  session[:user_id] = user.id',
      '  redirect_to account_path',
      'end',
    ].join('\n'),
  },
  logout: {
    text:
      'Call reset_session on logout (Devise: sign_out). The default CookieStore keeps the whole session in the cookie, ' +
      'so a copy taken before logout stays valid: switch to a server-side store (ActiveRecord or cache store) or keep a ' +
      'per-user session token in the database and compare it on each request.',
  },
  expiry: {
    text:
      "Set expire_after on the session store for the cookie lifetime and enforce the limits on the server: Devise's " +
      ':timeoutable module (config.timeout_in) for the idle timeout, or a before_action that compares a timestamp ' +
      'stored in the session.',
    snippet: 'Rails.application.config.session_store :cookie_store, key: "__Host-app_session", expire_after: 15.minutes',
  },
  url: {
    text: 'Rails reads the session only from its cookie; do not accept session ids from params and never put them into URLs.',
  },
  tokens: {
    text:
      'Keep the session ids Rails generates and a long random secret_key_base (bin/rails secret). For your own tokens use ' +
      'SecureRandom.urlsafe_base64(32) or has_secure_token, never Time.now or a counter.',
  },
  cookies: {
    text:
      'Configure the store with secure: true, httponly: true and same_site: :lax, no domain, and a __Host- key; ' +
      'config.force_ssl = true also marks cookies Secure.',
    snippet:
      'Rails.application.config.session_store :cookie_store, key: "__Host-app_session", secure: true, httponly: true, same_site: :lax',
  },
  authz: {
    text:
      "Authenticate in a before_action and scope lookups to the current user so another user's id raises " +
      'ActiveRecord::RecordNotFound (404): current_user.orders.find(params[:id]). Pundit or CanCanCan policies help keep ' +
      'this consistent.',
  },
  elevate: {
    text: "Call reset_session (Devise: sign_out then sign_in, or devise-two-factor's flow, which signs in only after the code) when the second factor succeeds and at re-authentication, keep only a pending user id before that, and require the completed factor in a before_action.",
    snippet:
      'def verify_otp\n  user = User.find(session[:pending_user_id])\n  return head :unauthorized unless user.validate_and_consume_otp!(params[:code])\n  reset_session               # new id, the half-authenticated one dropped\n  session[:user_id] = user.id\n  session[:mfa] = true\nend',
  },
}
