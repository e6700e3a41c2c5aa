# Django (Debian's python3-django) with django-otp (python3-django-otp): the password through
# django.contrib.auth (auth.login() cycles the session key), then a TOTP code checked by django-otp's
# TOTPDevice (one-time: a code of a step already used is refused), recorded with django_otp.login(),
# which stores the device in the session and keeps the session key as it is.
# Started by django-otp.ts: python3 otp_app.py <port> <keep|partial|fixed> <step seconds> <alice key hex> <bob key hex>.
import sys
from html import escape
from wsgiref.simple_server import WSGIRequestHandler, make_server

import django
from django.conf import settings

PORT = int(sys.argv[1])
MODE = sys.argv[2]
STEP = int(sys.argv[3])
KEYS = {'alice': sys.argv[4], 'bob': sys.argv[5]}
USERS = {'alice': 'alice-password-1', 'bob': 'bob-password-2'}

settings.configure(
    DEBUG=False,
    SECRET_KEY='sessionguard-testkit-otp-' + str(PORT),
    ALLOWED_HOSTS=['127.0.0.1', 'localhost'],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[
        'django.contrib.sessions.middleware.SessionMiddleware',
        'django.middleware.csrf.CsrfViewMiddleware',
        'django.contrib.auth.middleware.AuthenticationMiddleware',
        'django_otp.middleware.OTPMiddleware',
    ],
    INSTALLED_APPS=['django.contrib.contenttypes', 'django.contrib.auth', 'django.contrib.sessions', 'django_otp', 'django_otp.plugins.otp_totp'],
    DATABASES={'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}},
    SESSION_ENGINE='django.contrib.sessions.backends.cache',
    CACHES={'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}},
    SESSION_EXPIRE_AT_BROWSER_CLOSE=True,
    PASSWORD_HASHERS=['django.contrib.auth.hashers.MD5PasswordHasher'],
    LOGIN_URL='/accounts/login/',
    USE_TZ=True,
    # no back-off after a refused code: a refused reuse is retried in the next step
    OTP_TOTP_THROTTLE_FACTOR=0,
)
django.setup()

import django_otp  # noqa: E402
from django.contrib import auth  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect  # noqa: E402
from django.middleware.csrf import get_token  # noqa: E402
from django.urls import path  # noqa: E402
from django_otp.decorators import otp_required  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402


def page(body, status=200):
    return HttpResponse('<!doctype html>\n<html><body>\n%s\n</body></html>\n' % body, status=status, content_type='text/html; charset=utf-8')


def home(request):
    return page('<a href="/accounts/login/">Sign in</a>')


def login(request):
    error = ''
    if request.method == 'POST':
        user = auth.authenticate(request, username=request.POST.get('username', ''), password=request.POST.get('password', ''))
        if user is not None:
            auth.login(request, user)
            return HttpResponseRedirect('/accounts/2fa/')
        error = '<p class="error">Please enter a correct username and password.</p>'
    return page('<h1>Sign in</h1>%s<form method="post" action="/accounts/login/">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="%s">'
                '<label>Username <input type="text" name="username"></label>'
                '<label>Password <input type="password" name="password"></label>'
                '<button type="submit">Sign in</button></form>' % (error, get_token(request)))


@login_required
def two_factor(request):
    error = ''
    status = 200
    if request.method == 'POST':
        device = TOTPDevice.objects.filter(user=request.user).first()
        if device is not None and device.verify_token(request.POST.get('otp_token', '')):
            django_otp.login(request, device)
            if MODE != 'keep':
                # django_otp.login() keeps the session key: the fix gives the verified session a new one
                request.session.cycle_key()
            return HttpResponseRedirect('/account/')
        error = '<p class="error">Invalid token.</p>'
        status = 401
    return page('<h1>Two-step verification</h1>%s<form method="post" action="/accounts/2fa/">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="%s">'
                '<label>Token <input type="text" name="otp_token" autocomplete="one-time-code"></label>'
                '<button type="submit">Verify</button></form>' % (error, get_token(request)), status)


def account_view(request):
    return page('<h1>Account</h1><p>Welcome %s</p><form method="post" action="/accounts/logout/">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="%s"><button>Sign out</button></form>'
                % (escape(request.user.username), get_token(request)))


# 'partial': @login_required only, so a session past the password step is enough
account = login_required(account_view) if MODE == 'partial' else otp_required(account_view, login_url='/accounts/2fa/')


def logout(request):
    if request.method != 'POST':
        return HttpResponseNotAllowed(['POST'])
    auth.logout(request)
    return HttpResponseRedirect('/accounts/login/')


urlpatterns = [path('', home), path('accounts/login/', login), path('accounts/2fa/', two_factor), path('account/', account), path('accounts/logout/', logout)]


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == '__main__':
    from django.core.wsgi import get_wsgi_application
    call_command('migrate', verbosity=0, interactive=False)
    for name, password in USERS.items():
        user = User.objects.create_user(name, password=password)
        TOTPDevice.objects.create(user=user, name='authenticator', key=KEYS[name], step=STEP, tolerance=1, confirmed=True)
    make_server('127.0.0.1', PORT, get_wsgi_application(), handler_class=Quiet).serve_forever()
