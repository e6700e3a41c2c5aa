import type { FrameworkAdvice } from './types.js'

export const axum: FrameworkAdvice = {
  rotate: {
    text:
      "With tower-sessions call session.cycle_id().await after the password check (axum-login's AuthSession::login " +
      'does this for you). With hand-written sessions never use the cookie value as the key of a new session: generate ' +
      'the id on the server from OsRng at login, insert the new item and delete the old one in one DynamoDB transaction.',
    snippet: [
      'async fn login(session: Session, Form(f): Form<LoginForm>) -> Result<Redirect, AppError> {',
      '    let user = verify(&f.email, &f.password).await?.ok_or(AppError::Unauthorized)?;',
      '    session.cycle_id().await?; // new id, old record removed',
      '    session.insert("user_id", user.id).await?;',
      '    Ok(Redirect::to("/account"))',
      '}',
    ].join('\n'),
  },
  logout: {
    text:
      'Call session.flush().await (tower-sessions), which clears the data and deletes the record from the store, or ' +
      'auth_session.logout().await with axum-login; hand-written sessions must delete the item on the server.',
  },
  expiry: {
    text:
      'Configure SessionManagerLayer::with_expiry(Expiry::OnInactivity(Duration::minutes(15))) for the idle timeout and ' +
      'store a login timestamp to enforce an absolute limit; hand-written DynamoDB sessions must compare an expires_at ' +
      'attribute on every read, because TTL deletion runs late.',
  },
  url: {
    text:
      'Read the session id only from the cookie (tower-sessions does), never from a Query extractor or a path ' +
      'parameter, and never put it into redirect URLs.',
  },
  tokens: {
    text:
      "Keep tower-sessions' random ids. For hand-written tokens take 32 bytes from the OS CSPRNG (rand::rngs::OsRng or " +
      'getrandom) and encode them as base64url; never Uuid::now_v1, a counter or a timestamp.',
  },
  cookies: {
    text:
      'Set the cookie attributes on the layer: with_secure(true), with_http_only(true), with_same_site(SameSite::Lax), ' +
      'with_path("/"), no with_domain, and a __Host- name.',
    snippet: [
      'let layer = SessionManagerLayer::new(store)',
      '    .with_name("__Host-sid")',
      '    .with_secure(true)',
      '    .with_http_only(true)',
      '    .with_same_site(SameSite::Lax)',
      '    .with_path("/")',
      '    .with_expiry(Expiry::OnInactivity(Duration::minutes(15)));',
    ].join('\n'),
  },
  authz: {
    text:
      'Extract the current user in every object handler (an extractor that rejects requests without a session) and ' +
      'fetch objects with the owner in the key or a condition on it, returning 404 when nothing matches.',
  },
  elevate: {
    text: 'With tower-sessions, call session.cycle_id().await when the second factor succeeds and at re-authentication, before inserting the completed factor; have an extractor for protected routes that requires it.',
    snippet:
      'if totp_ok(&pending_user, &form.code) {\n    session.cycle_id().await?; // new id, the old record deleted\n    session.insert("mfa", true).await?;\n}',
  },
}
