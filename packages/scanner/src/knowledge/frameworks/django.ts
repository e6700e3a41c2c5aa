import type { FrameworkAdvice } from './types.js'

export const django: FrameworkAdvice = {
  rotate: {
    text:
      'Log users in with django.contrib.auth.login(request, user): it rotates the session key (request.session.cycle_key()) ' +
      'and flushes the session if another user was logged in. If you authenticate by hand, call ' +
      'request.session.cycle_key() yourself before storing the user. Never set request.session.session_key or a ' +
      'custom backend key from request data.',
    snippet: [
      'from django.contrib.auth import authenticate, login',
      '',
      'def login_view(request):',
      "    user = authenticate(request, username=request.POST['username'], password=request.POST['password'])",
      '    if user is None:',
      '        return HttpResponse(status=401)',
      '    login(request, user)  # cycles the session key',
      "    return redirect('account')",
    ].join('\n'),
  },
  logout: {
    text:
      'Use django.contrib.auth.logout(request), which calls request.session.flush() and deletes the session from the ' +
      'backend. With the signed_cookies backend a copied cookie stays valid until it expires: use a server-side ' +
      'backend (db, cache, cached_db) when logout must end the session.',
  },
  expiry: {
    text:
      'Lower SESSION_COOKIE_AGE (two weeks by default) to your absolute limit, set SESSION_EXPIRE_AT_BROWSER_CLOSE = True, ' +
      'and for an idle timeout set SESSION_SAVE_EVERY_REQUEST = True with a short age. Django checks the expiry on the ' +
      'server when it loads the session; run `manage.py clearsessions` regularly to delete old rows.',
    snippet: ['SESSION_COOKIE_AGE = 15 * 60', 'SESSION_SAVE_EVERY_REQUEST = True', 'SESSION_EXPIRE_AT_BROWSER_CLOSE = True'].join('\n'),
  },
  url: {
    text:
      'Django reads the session only from the cookie. Remove any view or middleware that takes a session key from ' +
      'request.GET or the path, and never put request.session.session_key into URLs.',
  },
  tokens: {
    text:
      "Keep Django's session key generation (32 characters from a CSPRNG). For your own tokens use " +
      'secrets.token_urlsafe(32); never uuid1(), random.random() or a hash of time or a counter.',
  },
  cookies: {
    text:
      'Set the session cookie settings: SESSION_COOKIE_SECURE = True, SESSION_COOKIE_HTTPONLY = True (the default), ' +
      'SESSION_COOKIE_SAMESITE = "Lax", SESSION_COOKIE_DOMAIN = None, SESSION_COOKIE_PATH = "/" and a __Host- name.',
    snippet: [
      'SESSION_COOKIE_NAME = "__Host-sessionid"',
      'SESSION_COOKIE_SECURE = True',
      'SESSION_COOKIE_HTTPONLY = True',
      'SESSION_COOKIE_SAMESITE = "Lax"',
      'SESSION_COOKIE_DOMAIN = None',
      'CSRF_COOKIE_SECURE = True',
    ].join('\n'),
  },
  authz: {
    text:
      'Protect views with @login_required (or LoginRequiredMixin) and fetch objects filtered by their owner, so another ' +
      "user's id raises 404: get_object_or_404(Order, pk=pk, owner=request.user). In Django REST framework, filter " +
      'get_queryset() by request.user.',
    snippet: [
      '@login_required',
      'def order_detail(request, pk):',
      '    order = get_object_or_404(Order, pk=pk, owner=request.user)',
      '    return JsonResponse(order.as_dict())',
    ].join('\n'),
  },
  elevate: {
    text: 'django_otp.login() records the device in the session but keeps its key: call request.session.cycle_key() right after it (and after a re-authentication), and protect views with @otp_required (django_otp.decorators) rather than @login_required, so a session that passed only the password reaches nothing.',
    snippet:
      "device = match_token(request.user, form.cleaned_data['otp_token'])\nif device is not None:\n    django_otp.login(request, device)\n    request.session.cycle_key()  # new key, the half-authenticated one deleted",
  },
}
