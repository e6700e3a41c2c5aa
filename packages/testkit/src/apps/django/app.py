# Django (Debian's python3-django) with its own session framework on the cache backend (server-side,
# locmem). Started by django-sessions.ts: python3 app.py <port> <vulnerable|fixed>.
import sys
from html import escape
from wsgiref.simple_server import WSGIRequestHandler, make_server

import django
from django.conf import settings

PORT = int(sys.argv[1])
MODE = sys.argv[2]
USERS = {'alice': 'alice-password-1', 'bob': 'bob-password-2'}

settings.configure(
    DEBUG=False,
    SECRET_KEY='sessionguard-testkit-' + str(PORT),
    ALLOWED_HOSTS=['127.0.0.1', 'localhost'],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=['django.contrib.sessions.middleware.SessionMiddleware'],
    INSTALLED_APPS=['django.contrib.sessions'],
    SESSION_ENGINE='django.contrib.sessions.backends.cache',
    CACHES={'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}},
    SESSION_EXPIRE_AT_BROWSER_CLOSE=True,
)
django.setup()

from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect  # noqa: E402
from django.urls import path  # noqa: E402


def page(body, status=200):
    return HttpResponse('<!doctype html>\n<html><body>\n%s\n</body></html>\n' % body, status=status, content_type='text/html; charset=utf-8')


def home(request):
    return page('<a href="/login">Sign in</a> <a href="/account">Account</a>')


def login(request):
    if request.method == 'POST':
        u = request.POST.get('username', '')
        p = request.POST.get('password', '')
        if USERS.get(u) is None or USERS[u] != p:
            # the flash message is what creates the session: a failed login hands out an id
            request.session['flash'] = 'Invalid username or password'
            return HttpResponseRedirect('/login')
        if MODE == 'fixed':
            request.session.cycle_key()
        request.session['user'] = u
        return HttpResponseRedirect('/account')
    flash = request.session.pop('flash', '') if request.session.get('flash') else ''
    error = '<p class="error">%s</p>' % escape(flash) if flash else ''
    return page('<h1>Sign in</h1>%s<form method="post" action="/login">'
                '<label>Username <input type="text" name="username"></label>'
                '<label>Password <input type="password" name="password"></label>'
                '<button type="submit">Sign in</button></form>' % error)


def account(request):
    user = request.session.get('user')
    if not user:
        return HttpResponseRedirect('/login')
    return page('<h1>Account</h1><p>Welcome %s</p><form method="post" action="/logout"><button>Sign out</button></form>' % escape(user))


def logout(request):
    if request.method != 'POST':
        return HttpResponseNotAllowed(['POST'])
    request.session.flush()
    return HttpResponseRedirect('/login')


urlpatterns = [path('', home), path('login', login), path('account', account), path('logout', logout)]


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == '__main__':
    from django.core.wsgi import get_wsgi_application
    make_server('127.0.0.1', PORT, get_wsgi_application(), handler_class=Quiet).serve_forever()
