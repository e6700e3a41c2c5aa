import type { FrameworkAdvice } from './types.js'

export const flask: FrameworkAdvice = {
  rotate: {
    text:
      'Clear the session before logging the user in. With server-side sessions (Flask-Session 0.7 or later) also call ' +
      'app.session_interface.regenerate(session) after login_user(), so the old id is discarded; never look sessions up ' +
      "by an id the client chose. Flask's default signed-cookie session cannot be forged without SECRET_KEY, but " +
      'clearing it at login still drops anything planted before.',
    snippet: [
      '@app.post("/login")',
      'def login():',
      '    user = verify(request.form["email"], request.form["password"])',
      '    if user is None:',
      '        abort(401)',
      '    session.clear()',
      '    login_user(user)',
      '    app.session_interface.regenerate(session)  # Flask-Session >= 0.7',
      '    return redirect(url_for("account"))',
    ].join('\n'),
  },
  logout: {
    text:
      "Call logout_user() and session.clear(). Flask's default session lives entirely in a signed cookie, so a copy " +
      'taken before logout stays valid until it expires: use a server-side session (Flask-Session) or keep a per-user ' +
      'session version in the database, store it in the session and compare it in the user_loader.',
  },
  expiry: {
    text:
      'Set PERMANENT_SESSION_LIFETIME to your absolute limit and mark sessions permanent so Flask rejects older signed ' +
      'cookies; keep SESSION_REFRESH_EACH_REQUEST for a sliding idle timeout, and with Flask-Login set ' +
      'REMEMBER_COOKIE_DURATION short or disable "remember me".',
    snippet: ['app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=15)', '# at login: session.permanent = True'].join('\n'),
  },
  url: {
    text: 'Read the session only from its cookie; never take a session id from request.args or a path variable, and never build URLs with it.',
  },
  tokens: {
    text:
      'Set SECRET_KEY to secrets.token_hex(32) from the environment, never a constant in the code. With Flask-Session keep ' +
      'its generated ids; for your own tokens use secrets.token_urlsafe(32), never uuid1() or a hash of time.',
  },
  cookies: {
    text:
      'Set SESSION_COOKIE_SECURE = True, SESSION_COOKIE_HTTPONLY = True, SESSION_COOKIE_SAMESITE = "Lax", leave ' +
      "SESSION_COOKIE_DOMAIN unset and use a __Host- name; set the same for Flask-Login's REMEMBER_COOKIE_* options.",
    snippet: [
      'app.config.update(',
      '    SESSION_COOKIE_NAME="__Host-session",',
      '    SESSION_COOKIE_SECURE=True,',
      '    SESSION_COOKIE_HTTPONLY=True,',
      '    SESSION_COOKIE_SAMESITE="Lax",',
      ')',
    ].join('\n'),
  },
  authz: {
    text:
      'Decorate object routes with @login_required and query by owner and id together, answering 404 otherwise: ' +
      'Order.query.filter_by(id=order_id, owner_id=current_user.id).first_or_404().',
  },
  elevate: {
    text: "Flask's default session is a signed cookie: write the completed factor only after clearing the session, and check it in a decorator beside @login_required. With server-side sessions (Flask-Session), also ask the interface for a new id when the code is verified and at re-authentication, so the half-authenticated id is gone.",
    snippet:
      "@app.post('/2fa')\n@login_required\ndef verify_code():\n    if not totp_ok(current_user, request.form['code']):\n        abort(401)\n    user = current_user._get_current_object()\n    session.clear()                 # drop the half-authenticated session\n    login_user(user, fresh=True)\n    session['mfa'] = True",
  },
}
