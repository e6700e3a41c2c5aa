import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { FrameworkId } from '../../src/model/report.js'
import { fingerprint, type FingerprintInput } from '../../src/knowledge/fingerprint.js'

// Response samples as the frameworks send them: a login page (where sessions are issued) and the
// answer to an unknown path, which is where error pages give a framework away.
type Sample = FingerprintInput['responses'][number]

const ok = (headers: Sample['headers'], body = '<html><form method="post"></form></html>'): Sample => ({
  url: 'http://127.0.0.1:3000/login',
  status: 200,
  headers,
  body,
})
const notFound = (headers: Sample['headers'], body: string, status = 404): Sample => ({
  url: 'http://127.0.0.1:3000/sg-no-such-path',
  status,
  headers,
  body,
})

const SAMPLES: Array<{ expect: FrameworkId; what: string; input: FingerprintInput }> = [
  {
    expect: 'php',
    what: 'php -S with native sessions',
    input: {
      responses: [
        ok({
          Host: '127.0.0.1:3000',
          'X-Powered-By': 'PHP/8.2.36',
          'Set-Cookie': ['PHPSESSID=4k1v0c8bq3o5c4jv0m8r7l2n9e; path=/'],
          'Content-type': 'text/html; charset=UTF-8',
        }),
      ],
      cookieNames: ['PHPSESSID'],
    },
  },
  {
    expect: 'express',
    what: 'express + express-session, finalhandler 404',
    input: {
      responses: [
        ok({ 'x-powered-by': 'Express', 'set-cookie': ['connect.sid=s%3AbX2...; Path=/; HttpOnly'] }),
        notFound(
          { 'x-powered-by': 'Express', 'content-security-policy': "default-src 'none'", 'content-type': 'text/html; charset=utf-8' },
          '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot GET /sg-no-such-path</pre>\n</body>\n</html>\n',
        ),
      ],
      cookieNames: ['connect.sid'],
    },
  },
  {
    expect: 'express',
    what: 'express with X-Powered-By disabled, known only by its 404 page',
    input: {
      responses: [
        notFound(
          { 'content-type': 'text/html; charset=utf-8' },
          '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot GET /sg-no-such-path</pre>\n</body>\n</html>\n',
        ),
      ],
      cookieNames: ['sid'],
    },
  },
  {
    expect: 'fastify',
    what: 'fastify + @fastify/session',
    input: {
      responses: [
        ok({ 'set-cookie': 'sessionId=Zx9...; Path=/; HttpOnly; SameSite=Lax' }),
        notFound(
          { 'content-type': 'application/json; charset=utf-8' },
          '{"message":"Route GET:/sg-no-such-path not found","error":"Not Found","statusCode":404}',
        ),
      ],
      cookieNames: ['sessionId'],
    },
  },
  {
    expect: 'django',
    what: 'django behind gunicorn, DEBUG off',
    input: {
      responses: [
        ok({
          Server: 'gunicorn',
          'Set-Cookie': ['csrftoken=pV3...; expires=Thu, 01 Jan 2027 00:00:00 GMT; Max-Age=31449600; Path=/; SameSite=Lax'],
          'X-Frame-Options': 'DENY',
        }),
        notFound(
          { Server: 'gunicorn', 'Content-Type': 'text/html; charset=utf-8' },
          '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n',
        ),
      ],
      cookieNames: ['csrftoken', 'sessionid'],
    },
  },
  {
    expect: 'django',
    what: 'django runserver with DEBUG on',
    input: {
      responses: [
        notFound(
          { Server: 'WSGIServer/0.2 CPython/3.12.3' },
          '<div id="info"><p>Using the URLconf defined in <code>mysite.urls</code>, Django tried these URL patterns</p></div>' +
            '<div id="explanation"><p>You\'re seeing this error because you have <code>DEBUG = True</code> in your Django settings file.</p></div>',
        ),
      ],
      cookieNames: [],
    },
  },
  {
    expect: 'flask',
    what: 'flask dev server (Werkzeug)',
    input: {
      responses: [
        ok({ Server: 'Werkzeug/3.0.3 Python/3.12.3', 'Set-Cookie': 'session=eyJ1c2VyIjoxfQ.Zk1x.abc; HttpOnly; Path=/' }),
        notFound(
          { Server: 'Werkzeug/3.0.3 Python/3.12.3', 'Content-Type': 'text/html; charset=utf-8' },
          '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n',
        ),
      ],
      cookieNames: ['session'],
    },
  },
  {
    expect: 'rails',
    what: 'rails with cookie store',
    input: {
      responses: [
        ok({
          'x-runtime': '0.012884',
          'x-request-id': '5f1c3c9e-6a2c-4a57-9d1f-0d3f4b1b2c3d',
          'set-cookie': ['_shop_session=abc--def; path=/; httponly; samesite=lax'],
        }),
        notFound(
          { 'content-type': 'text/html; charset=UTF-8', 'x-runtime': '0.002' },
          "<h1>The page you were looking for doesn't exist.</h1><p>You may have mistyped the address or the page may have moved.</p>",
        ),
      ],
      cookieNames: ['_shop_session'],
    },
  },
  {
    expect: 'spring',
    what: 'spring boot on embedded tomcat',
    input: {
      responses: [
        ok({ 'Set-Cookie': 'JSESSIONID=5D2C0F3A9B7E6D4C1A2B3C4D5E6F7A8B; Path=/; HttpOnly' }),
        notFound(
          { 'Content-Type': 'application/json' },
          '{"timestamp":"2026-03-01T10:15:30.123+00:00","status":404,"error":"Not Found","path":"/sg-no-such-path"}',
        ),
      ],
      cookieNames: ['JSESSIONID'],
    },
  },
  {
    expect: 'spring',
    what: 'spring boot whitelabel page',
    input: {
      responses: [
        notFound(
          { 'Content-Type': 'text/html;charset=UTF-8' },
          '<html><body><h1>Whitelabel Error Page</h1><p>This application has no explicit mapping for /error, so you are seeing this as a fallback.</p></body></html>',
        ),
      ],
      cookieNames: ['JSESSIONID'],
    },
  },
  {
    expect: 'aspnet',
    what: 'ASP.NET Core on Kestrel',
    input: {
      responses: [
        ok({
          server: 'Kestrel',
          'set-cookie': [
            '.AspNetCore.Antiforgery.kXAmGxYz=CfDJ8...; path=/; samesite=strict; httponly',
            '.AspNetCore.Session=CfDJ8...; path=/; samesite=lax; httponly',
          ],
        }),
      ],
      cookieNames: ['.AspNetCore.Session'],
    },
  },
  {
    expect: 'aspnet',
    what: 'classic ASP.NET on IIS',
    input: {
      responses: [
        ok({
          Server: 'Microsoft-IIS/10.0',
          'X-AspNet-Version': '4.0.30319',
          'X-Powered-By': 'ASP.NET',
          'Set-Cookie': 'ASP.NET_SessionId=q1w2e3r4t5y6u7i8o9p0asdf; path=/; HttpOnly; SameSite=Lax',
        }),
      ],
      cookieNames: ['ASP.NET_SessionId'],
    },
  },
  {
    expect: 'fastapi',
    what: 'FastAPI on uvicorn',
    input: {
      responses: [
        ok(
          { server: 'uvicorn', 'content-type': 'application/json', 'set-cookie': 'session_id=0f8c...; HttpOnly; Path=/; SameSite=lax' },
          '{"ok":true}',
        ),
        notFound({ server: 'uvicorn', 'content-type': 'application/json', 'content-length': '22' }, '{"detail":"Not Found"}'),
      ],
      cookieNames: ['session_id'],
    },
  },
  {
    expect: 'axum',
    what: 'axum with tower-sessions',
    input: {
      responses: [
        ok({ 'set-cookie': 'id=Q2h4...; HttpOnly; SameSite=Strict; Secure; Path=/', 'content-type': 'text/html; charset=utf-8' }),
        notFound({ 'content-length': '0', date: 'Sun, 01 Mar 2026 10:00:00 GMT' }, ''),
        notFound(
          { 'content-type': 'text/plain; charset=utf-8' },
          'Failed to deserialize the JSON body into the target type: missing field `email` at line 1 column 2',
          422,
        ),
      ],
      cookieNames: ['id'],
    },
  },
  {
    expect: 'koa',
    what: 'Koa with koa-session',
    input: {
      responses: [
        ok({
          'content-type': 'text/html; charset=utf-8',
          'set-cookie': [
            'koa.sess=eyJ1c2VySWQiOm51bGx9; path=/; expires=Sun, 01 Mar 2026 10:00:00 GMT; httponly',
            'koa.sess.sig=pA8h3; path=/; httponly',
          ],
        }),
        notFound({ 'content-type': 'text/plain; charset=utf-8', 'content-length': '9' }, 'Not Found'),
      ],
      cookieNames: ['koa.sess', 'koa.sess.sig'],
    },
  },
  {
    expect: 'hono',
    what: 'Hono on @hono/node-server',
    input: {
      responses: [
        ok({ 'content-type': 'text/html; charset=UTF-8', 'x-powered-by': 'Hono' }),
        notFound({ 'content-type': 'text/plain; charset=UTF-8' }, '404 Not Found'),
      ],
      cookieNames: [],
    },
  },
  {
    expect: 'nestjs',
    what: 'NestJS on Express (X-Powered-By: Express and connect.sid too)',
    input: {
      responses: [
        ok(
          {
            'x-powered-by': 'Express',
            'set-cookie': 'connect.sid=s%3Aabc.def; Path=/; HttpOnly',
            'content-type': 'application/json; charset=utf-8',
          },
          '{"ok":true}',
        ),
        notFound(
          { 'x-powered-by': 'Express', 'content-type': 'application/json; charset=utf-8' },
          '{"message":"Cannot GET /sg-no-such-path","error":"Not Found","statusCode":404}',
        ),
      ],
      cookieNames: ['connect.sid'],
    },
  },
  {
    expect: 'nextjs',
    what: 'Next.js with NextAuth.js',
    input: {
      responses: [
        ok(
          {
            'x-powered-by': 'Next.js',
            'set-cookie': [
              'next-auth.csrf-token=abc%7Cdef; Path=/; HttpOnly; SameSite=Lax',
              'next-auth.callback-url=http%3A%2F%2F127.0.0.1%3A3000; Path=/; HttpOnly; SameSite=Lax',
            ],
          },
          '<!DOCTYPE html><html><body><div id="__next"></div><script src="/_next/static/chunks/main.js"></script></body></html>',
        ),
      ],
      cookieNames: ['next-auth.csrf-token'],
    },
  },
]

test('Next.js is recognised from any one of its traces', () => {
  const only = (sample: Sample, cookieNames: string[] = []) => fingerprint({ responses: [sample], cookieNames })
  assert.equal(only(ok({}, '<html><body><div id="__next"></div></body></html>')).id, 'nextjs')
  assert.equal(only(ok({ 'x-powered-by': 'Next.js' })).id, 'nextjs')
  assert.equal(only(ok({}), ['__Secure-next-auth.session-token']).id, 'nextjs')
  assert.equal(only(ok({}), ['authjs.session-token.0']).id, 'nextjs')
  assert.equal(only(ok({}), ['next-auth-ish']).id, 'generic')
})

test('a NestJS error shape wins over the Express it runs on, and plain Express stays Express', () => {
  const nest = fingerprint(SAMPLES.find((x) => x.expect === 'nestjs')!.input)
  assert.equal(nest.confidence, 'high', JSON.stringify(nest))
  const express = fingerprint({
    responses: [notFound({ 'x-powered-by': 'Express' }, '<pre>Cannot GET /x</pre>')],
    cookieNames: ['connect.sid'],
  })
  assert.equal(express.id, 'express')
  // Koa's bare "Not Found" alone is too weak to name Koa with any confidence
  const bare = fingerprint({ responses: [notFound({ 'content-type': 'text/plain' }, 'Not Found')], cookieNames: [] })
  assert.ok(bare.id !== 'koa' || bare.confidence === 'low')
})

for (const sample of SAMPLES) {
  test(`fingerprints ${sample.what} as ${sample.expect}, naming the signals`, () => {
    const guess = fingerprint(sample.input)
    assert.equal(guess.id, sample.expect, JSON.stringify(guess))
    assert.notEqual(guess.confidence, 'low', JSON.stringify(guess))
    assert.ok(guess.signals.length > 0)
    assert.ok(guess.name.length > 0)
  })
}

test('a request set without any framework signal gives generic with no signals', () => {
  const guess = fingerprint({
    responses: [
      ok({ Server: 'nginx/1.24.0', 'Content-Type': 'text/html', 'Set-Cookie': 'sid=7c1f0e; Path=/; HttpOnly' }),
      notFound(
        { Server: 'nginx/1.24.0', 'Content-Type': 'text/html' },
        '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n',
      ),
    ],
    cookieNames: ['sid'],
  })
  assert.deepEqual(guess, { id: 'generic', name: 'unknown framework', confidence: 'low', signals: [] })
  assert.equal(fingerprint({ responses: [], cookieNames: [] }).id, 'generic')
})

test('cookie names are also read from Set-Cookie headers, whatever the header name case', () => {
  const guess = fingerprint({ responses: [ok({ 'SET-COOKIE': ['theme=dark; Path=/', 'PHPSESSID=abc; path=/'] })], cookieNames: [] })
  assert.equal(guess.id, 'php')
  assert.deepEqual(guess.signals, ['cookie PHPSESSID'])
})

test('error-page text inside a normal 200 page is not taken as an error page', () => {
  const guess = fingerprint({
    responses: [ok({}, '<p>Express answers <pre>Cannot GET /x</pre> for unknown routes.</p>')],
    cookieNames: [],
  })
  assert.equal(guess.id, 'generic')
})

test('a weak hint alone gives a low-confidence guess', () => {
  const guess = fingerprint({ responses: [ok({ 'set-cookie': 'session=eyJ4IjoxfQ.x.y; HttpOnly; Path=/' })], cookieNames: ['session'] })
  assert.equal(guess.id, 'flask')
  assert.equal(guess.confidence, 'low')
})

test('conflicting evidence keeps the stronger framework but never with high confidence', () => {
  const guess = fingerprint({
    responses: [ok({ 'X-Powered-By': 'Express', 'Set-Cookie': 'JSESSIONID=ABC; Path=/' })],
    cookieNames: ['JSESSIONID'],
  })
  assert.equal(guess.id, 'express')
  assert.notEqual(guess.confidence, 'high')
})
