import type { FrameworkAdvice } from './types.js'

export const fastapi: FrameworkAdvice = {
  rotate: {
    text:
      'Never take session_id from the request to create a session. At login generate a new one with ' +
      'secrets.token_urlsafe(32), write the session item under it (better: under its SHA-256), delete the old item in ' +
      'the same DynamoDB transaction, and set the cookie. An id that is not in the table means "no session", never ' +
      '"create one".',
    snippet: [
      '@app.post("/login")',
      'async def login(form: LoginForm, request: Request, response: Response):',
      '    user = verify(form.email, form.password)',
      '    if user is None:',
      '        raise HTTPException(status_code=401)',
      '    token = secrets.token_urlsafe(32)  # never request.cookies.get("session_id") or uuid4()',
      '    items = [{"Put": {"TableName": "sessions", "Item": {"pk": {"S": sha256(token)}, "user_id": {"S": user.id},',
      '                                                          "expires_at": {"N": str(int(time.time()) + 900)}}}}]',
      '    if old := request.cookies.get("__Host-sid"):',
      '        items.append({"Delete": {"TableName": "sessions", "Key": {"pk": {"S": sha256(old)}}}})',
      '    ddb.transact_write_items(TransactItems=items)',
      '    response.set_cookie("__Host-sid", token, httponly=True, secure=True, samesite="lax", path="/")',
    ].join('\n'),
  },
  logout: {
    text:
      'Delete the session item on the server (delete_item on its key) and then response.delete_cookie(...). With ' +
      "Starlette's SessionMiddleware, request.session.clear() only empties a signed cookie; a copy stays valid, so keep " +
      'server-side sessions when logout must end them.',
  },
  expiry: {
    text:
      'Store expires_at (and created_at) with each session and check them on every read: DynamoDB TTL deletes expired ' +
      'items late, often by hours, so it is only cleanup. Slide expires_at forward on activity, at most once a minute.',
    snippet: [
      'item = ddb.get_item(TableName="sessions", Key={"pk": {"S": sha256(token)}}).get("Item")',
      'if not item or int(item["expires_at"]["N"]) < time.time():',
      '    raise HTTPException(status_code=401)',
    ].join('\n'),
  },
  url: {
    text:
      'Declare the session parameter as a cookie (Cookie(...) or fastapi.security.APIKeyCookie), never as a Query or path ' +
      'parameter, and never put it into redirect URLs.',
  },
  tokens: {
    text:
      'Use secrets.token_urlsafe(32) (256 bits) for session tokens. Never uuid1() (time-based), a counter or a hash of ' +
      'time; uuid4() carries only 122 random bits.',
    snippet: 'token = secrets.token_urlsafe(32)',
  },
  cookies: {
    text:
      'Set the cookie with httponly=True, secure=True, samesite="lax", path="/", no domain and no max_age/expires, under ' +
      'a __Host- name; for Starlette\'s SessionMiddleware pass https_only=True, same_site="lax" and max_age=None.',
    snippet: 'response.set_cookie("__Host-sid", token, httponly=True, secure=True, samesite="lax", path="/")',
  },
  authz: {
    text:
      'Resolve the current user with a dependency on every object route (Depends(current_user), 401 without a session) ' +
      'and fetch the object with the owner in the key, or compare its owner attribute before returning it; answer 404 ' +
      'on mismatch.',
    snippet: [
      '@app.get("/orders/{order_id}")',
      'def get_order(order_id: str, user: User = Depends(current_user)):',
      '    item = ddb.get_item(TableName="orders", Key={"user_id": {"S": user.id}, "order_id": {"S": order_id}}).get("Item")',
      '    if item is None:',
      '        raise HTTPException(status_code=404)',
      '    return deserialize(item)',
    ].join('\n'),
  },
  elevate: {
    text: "When the code is verified and at re-authentication, delete the half-authenticated session record, create a new one under a new random id with the completed factor, and set the new cookie; depend on a 'fully authenticated' dependency in protected routes, not only on a user id.",
    snippet:
      "@app.post('/2fa')\nasync def verify(code: str = Form(...), sid: str = Cookie(None)):\n    pending = await sessions.get(sid)\n    if not pending or not totp_ok(pending['user'], code):\n        raise HTTPException(401)\n    await sessions.delete(sid)\n    new_sid = await sessions.create({'user': pending['user'], 'mfa': True})\n    resp = RedirectResponse('/account', 303)\n    resp.set_cookie('__Host-sid', new_sid, secure=True, httponly=True, samesite='lax')\n    return resp",
  },
}
