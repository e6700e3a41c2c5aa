import type { FrameworkAdvice } from './types.js'

export const spring: FrameworkAdvice = {
  rotate: {
    text:
      'With Spring Security keep session fixation protection on: sessionManagement(s -> s.sessionFixation(f -> ' +
      'f.changeSessionId())) (the default on Servlet 3.1+; never .none()). With a hand-written login call ' +
      'request.changeSessionId() after the credentials are verified. Turn off URL session tracking so ;jsessionid ' +
      'cannot plant an id.',
    snippet: [
      'http.sessionManagement(s -> s',
      '    .sessionFixation(f -> f.changeSessionId())',
      '    .enableSessionUrlRewriting(false));',
      '',
      '// without Spring Security, after the password check:',
      'request.changeSessionId();',
    ].join('\n'),
  },
  logout: {
    text:
      "Let Spring Security's logout invalidate the HttpSession and delete the cookie; by hand call " +
      'request.getSession(false).invalidate().',
    snippet: 'http.logout(l -> l.logoutUrl("/logout").invalidateHttpSession(true).deleteCookies("JSESSIONID"));',
  },
  expiry: {
    text:
      'Set the idle timeout with server.servlet.session.timeout (Spring Boot) or <session-timeout> in web.xml (minutes), ' +
      'and enforce an absolute lifetime with a filter that compares HttpSession.getCreationTime() with your limit.',
    snippet: 'server.servlet.session.timeout=15m',
  },
  url: {
    text:
      'Track sessions by cookie only: server.servlet.session.tracking-modes=cookie (Spring Boot) or ' +
      '<tracking-mode>COOKIE</tracking-mode> in web.xml, so Tomcat neither accepts nor appends ;jsessionid. Keep ' +
      "Spring Security's StrictHttpFirewall, which rejects ; in URLs.",
    snippet: [
      'server.servlet.session.tracking-modes=cookie',
      '',
      '<!-- web.xml -->',
      '<session-config><tracking-mode>COOKIE</tracking-mode></session-config>',
    ].join('\n'),
  },
  tokens: {
    text:
      "Keep the container's session id generator (Tomcat's StandardSessionIdGenerator uses SecureRandom); do not plug " +
      'in a custom SessionIdGenerator or shorten sessionIdLength. For your own tokens use SecureRandom with 32 bytes.',
  },
  cookies: {
    text:
      'Set the session cookie attributes: server.servlet.session.cookie.secure=true, http-only=true and same-site=lax in ' +
      'Spring Boot, or <cookie-config> in web.xml plus a Tomcat CookieProcessor with sameSiteCookies="lax". Do not set a ' +
      'domain.',
    snippet: [
      'server.servlet.session.cookie.secure=true',
      'server.servlet.session.cookie.http-only=true',
      'server.servlet.session.cookie.same-site=lax',
    ].join('\n'),
  },
  authz: {
    text:
      'Require authentication for every object endpoint (authorizeHttpRequests(a -> a.anyRequest().authenticated())) and ' +
      'load objects by owner and id, e.g. orderRepository.findByIdAndOwnerId(id, principal.getId()), returning 404 when ' +
      'empty; @PostAuthorize on the service method is an alternative.',
  },
  elevate: {
    text: "When the second factor (or a re-authentication) succeeds, call request.changeSessionId() or let Spring Security's session fixation protection run by completing the authentication through the SecurityContextRepository, and require the full authority (e.g. FACTOR_OTT/FACTOR_TOTP or a custom MFA authority) on protected URLs, not just an authenticated principal.",
    snippet:
      'if (totp.verify(user, code)) {\n    request.changeSessionId(); // Servlet 3.1: new id, same attributes\n    context.setAuthentication(fullyAuthenticated(user));\n    securityContextRepository.saveContext(context, request, response);\n}',
  },
}
