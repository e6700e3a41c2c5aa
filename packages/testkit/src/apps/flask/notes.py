# Flask (Debian's python3-flask) with Flask-Login (python3-flask-login): a notes app whose pages
# greet the user in markup ("Signed in as <b>alice</b>"). Started by flask-notes.ts:
# python3 notes.py <port> <idor|owner>.
import sys

from flask import Flask, abort, flash, get_flashed_messages, redirect, request
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user
from markupsafe import escape

PORT = int(sys.argv[1])
MODE = sys.argv[2]
USERS = {'alice': 'alice-password-1', 'bob': 'bob-password-2'}
NOTES = {1: ('alice', 'Groceries: oat milk'), 2: ('alice', 'Dentist on Tuesday'), 3: ('bob', 'Call the landlord')}

app = Flask(__name__)
app.secret_key = 'sessionguard-testkit-flask-' + str(PORT)
login_manager = LoginManager(app)
# login_required sends a visitor to /login?next=<the URL it asked for>, query string included
login_manager.login_view = 'login'


class User(UserMixin):
    def __init__(self, name):
        self.id = name


@login_manager.user_loader
def load_user(user_id):
    return User(user_id) if user_id in USERS else None


def page(body, status=200):
    return '<!doctype html>\n<html><body>\n%s\n</body></html>\n' % body, status, {'Content-Type': 'text/html; charset=utf-8'}


@app.route('/')
def home():
    return page('<a href="/login">Sign in</a>')


@app.route('/login', methods=['GET', 'POST'])
def login():
    if request.method == 'POST':
        user = request.form.get('username', '')
        if USERS.get(user) is not None and USERS[user] == request.form.get('password', ''):
            login_user(User(user))
            nxt = request.args.get('next', '')
            return redirect(nxt if nxt.startswith('/') and not nxt.startswith('//') else '/account')
        flash('Invalid username or password')
        return redirect('/login')
    messages = ''.join('<p class="error">%s</p>' % escape(m) for m in get_flashed_messages())
    return page('<h1>Sign in</h1>%s<form method="post">'
                '<label>Username <input type="text" name="username"></label>'
                '<label>Password <input type="password" name="password"></label>'
                '<button type="submit">Sign in</button></form>' % messages)


@app.route('/account')
@login_required
def account():
    mine = ''.join('<li><a href="/notes/%d">note %d</a></li>' % (i, i) for i, (owner, _) in NOTES.items() if owner == current_user.id)
    return page('<p>Signed in as <b>%s</b></p><ul>%s</ul>'
                '<form method="post" action="/logout"><button>Sign out</button></form>' % (escape(current_user.id), mine))


@app.route('/notes/<int:note_id>')
@login_required
def note(note_id):
    found = NOTES.get(note_id)
    # 'idor': any logged-in user reads any note; 'owner': only its owner does
    if found is None or (MODE == 'owner' and found[0] != current_user.id):
        abort(404)
    return page('<h1>Note %d</h1><p>Owner: %s</p><p>%s</p>' % (note_id, escape(found[0]), escape(found[1])))


@app.route('/logout', methods=['POST'])
def logout():
    logout_user()
    return redirect('/login')


if __name__ == '__main__':
    from werkzeug.serving import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):
            pass

    make_server('127.0.0.1', PORT, app, request_handler=Quiet).serve_forever()
