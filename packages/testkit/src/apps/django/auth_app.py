# Django (Debian's python3-django) with django.contrib.auth as a project uses it: users in a database
# (SQLite in memory, migrated at start), sessions on the cache backend, CSRF middleware, the login view
# calling auth.login() (which cycles the session key), and @login_required on the account page, which
# sends a visitor to /accounts/login/?next=<the path and query string asked for>.
# Started by django-auth.ts: python3 auth_app.py <port> <plain|share-link>.
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
    SECRET_KEY='sessionguard-testkit-auth-' + str(PORT),
    ALLOWED_HOSTS=['127.0.0.1', 'localhost'],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[
        'django.contrib.sessions.middleware.SessionMiddleware',
        'django.middleware.csrf.CsrfViewMiddleware',
        'django.contrib.auth.middleware.AuthenticationMiddleware',
    ],
    INSTALLED_APPS=['django.contrib.contenttypes', 'django.contrib.auth', 'django.contrib.sessions'],
    DATABASES={'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}},
    SESSION_ENGINE='django.contrib.sessions.backends.cache',
    CACHES={'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}},
    SESSION_EXPIRE_AT_BROWSER_CLOSE=True,
    PASSWORD_HASHERS=['django.contrib.auth.hashers.MD5PasswordHasher'],
    LOGIN_URL='/accounts/login/',
    USE_TZ=True,
)
django.setup()

from django.contrib import auth  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect  # noqa: E402
from django.middleware.csrf import get_token  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils.http import url_has_allowed_host_and_scheme  # noqa: E402


def page(body, status=200):
    return HttpResponse('<!doctype html>\n<html><body>\n%s\n</body></html>\n' % body, status=status, content_type='text/html; charset=utf-8')


def home(request):
    return page('<a href="/accounts/login/">Sign in</a> <a href="/account/">Account</a>')


def login(request):
    nxt = request.POST.get('next') or request.GET.get('next') or ''
    error = ''
    if request.method == 'POST':
        user = auth.authenticate(request, username=request.POST.get('username', ''), password=request.POST.get('password', ''))
        if user is not None:
            auth.login(request, user)
            return HttpResponseRedirect(nxt if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}) else '/account/')
        error = '<p class="error">Please enter a correct username and password.</p>'
    return page('<h1>Sign in</h1>%s<form method="post" action="/accounts/login/">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="%s">'
                '<input type="hidden" name="next" value="%s">'
                '<label>Username <input type="text" name="username"></label>'
                '<label>Password <input type="password" name="password"></label>'
                '<button type="submit">Sign in</button></form>' % (error, get_token(request), escape(nxt)))


@login_required
def account(request):
    # 'share-link': the page hands out a link that carries the session key (a leak made by the server)
    share = ('<p><a href="/export/?sessionid=%s">share this page</a></p>' % request.session.session_key) if MODE == 'share-link' else ''
    return page('<h1>Account</h1><p>Welcome %s</p>%s<form method="post" action="/accounts/logout/">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="%s"><button>Sign out</button></form>'
                % (escape(request.user.username), share, get_token(request)))


def logout(request):
    if request.method != 'POST':
        return HttpResponseNotAllowed(['POST'])
    auth.logout(request)
    return HttpResponseRedirect('/accounts/login/')


urlpatterns = [path('', home), path('accounts/login/', login), path('account/', account), path('accounts/logout/', logout)]


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == '__main__':
    from django.core.wsgi import get_wsgi_application
    call_command('migrate', verbosity=0, interactive=False)
    for name, password in USERS.items():
        User.objects.create_user(name, password=password)
    make_server('127.0.0.1', PORT, get_wsgi_application(), handler_class=Quiet).serve_forever()
