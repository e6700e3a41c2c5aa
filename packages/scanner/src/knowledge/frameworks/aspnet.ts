import type { FrameworkAdvice } from './types.js'

export const aspnet: FrameworkAdvice = {
  rotate: {
    text:
      'Keep identity out of ISession: sign users in with cookie authentication, HttpContext.SignInAsync(...), which ' +
      'issues a new authentication cookie at every login. If pre-login data lives in the session, clear it and delete ' +
      'the session cookie at login so a fresh session starts. On classic ASP.NET, call Session.Abandon() and expire the ' +
      'ASP.NET_SessionId cookie at login, with <sessionState cookieless="UseCookies" regenerateExpiredSessionId="true">.',
    snippet: [
      'var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));',
      'HttpContext.Session.Clear();',
      'Response.Cookies.Delete(".AspNetCore.Session");',
      'await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal,',
      '    new AuthenticationProperties { IsPersistent = false });',
    ].join('\n'),
  },
  logout: {
    text:
      'HttpContext.SignOutAsync() only removes the cookie from the browser; the authentication ticket inside a copied ' +
      'cookie stays valid until it expires. Keep tickets server-side (CookieAuthenticationOptions.SessionStore with an ' +
      'ITicketStore whose RemoveAsync runs at sign-out) or, with ASP.NET Core Identity, update the security stamp at ' +
      'logout and validate it (SecurityStampValidatorOptions.ValidationInterval).',
  },
  expiry: {
    text:
      'Set CookieAuthenticationOptions.ExpireTimeSpan with SlidingExpiration for the idle timeout and check an absolute ' +
      "lifetime in OnValidatePrincipal (compare the ticket's IssuedUtc); for ISession set IdleTimeout.",
    snippet: 'options.ExpireTimeSpan = TimeSpan.FromMinutes(15); options.SlidingExpiration = true;',
  },
  url: {
    text:
      'ASP.NET Core never puts the session in the URL. On classic ASP.NET set cookieless="UseCookies" on <sessionState> ' +
      'and on forms authentication so ids never appear as (S(...)) URL segments.',
  },
  tokens: {
    text:
      'Keep the framework-generated session ids and Data Protection keys; do not implement a custom ISessionIDManager or ' +
      'ticket keys from counters or time. For your own tokens use RandomNumberGenerator.GetBytes(32).',
  },
  cookies: {
    text:
      'Configure the cookie builder: HttpOnly = true, SecurePolicy = CookieSecurePolicy.Always, SameSite = SameSiteMode.Lax ' +
      'and a __Host- name, for both the authentication cookie and AddSession; on classic ASP.NET use <httpCookies ' +
      'httpOnlyCookies="true" requireSSL="true" sameSite="Lax" />.',
    snippet: [
      'builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o => {',
      '    o.Cookie.Name = "__Host-auth";',
      '    o.Cookie.HttpOnly = true;',
      '    o.Cookie.SecurePolicy = CookieSecurePolicy.Always;',
      '    o.Cookie.SameSite = SameSiteMode.Lax;',
      '});',
    ].join('\n'),
  },
  authz: {
    text:
      'Put [Authorize] on object endpoints (or a fallback policy that requires authenticated users) and check ownership ' +
      'per resource: query with the owner (Where(o => o.Id == id && o.OwnerId == userId)) or use resource-based ' +
      'authorization with IAuthorizationService.AuthorizeAsync(User, order, "Owner"), returning 404 on mismatch.',
  },
  elevate: {
    text: 'Finish the sign-in with SignInManager.TwoFactorAuthenticatorSignInAsync (it issues a new authentication cookie and drops the two-factor cookie) and never mark an existing cookie or ISession as fully signed in; at step-up re-issue the cookie with SignInAsync/RefreshSignInAsync and clear ISession data tied to the old level.',
    snippet:
      'var result = await signInManager.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);\nif (!result.Succeeded) return Unauthorized();\nHttpContext.Session.Clear(); // nothing of the half-authenticated session carries over',
  },
}
