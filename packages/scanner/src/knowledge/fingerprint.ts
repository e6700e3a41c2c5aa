import type { FrameworkGuess, FrameworkId } from '../model/report.js'

// Guesses the framework behind a target from what the scan saw anyway (headers, cookie names, error
// pages), so that remediation can be written in that framework's terms. It only picks the wording of
// the advice: nothing is ever reported as a finding because of it, so a wrong guess costs little.

export interface FingerprintInput {
  responses: Array<{ url: string; status: number; headers: Record<string, string | string[]>; body?: string }>
  cookieNames: string[]
}

export const FRAMEWORK_NAMES: Readonly<Record<FrameworkId, string>> = {
  php: 'PHP',
  express: 'Express (connect)',
  fastify: 'Fastify',
  django: 'Django',
  flask: 'Flask (Werkzeug)',
  rails: 'Ruby on Rails',
  spring: 'Spring / Tomcat (Java servlet)',
  aspnet: 'ASP.NET',
  fastapi: 'FastAPI (Starlette)',
  axum: 'Axum (tower)',
  koa: 'Koa',
  hono: 'Hono',
  nestjs: 'NestJS',
  nextjs: 'Next.js',
  generic: 'unknown framework',
}

/** 3: gives the framework away on its own; 2: strong hint; 1: weak hint, only decides together with others. */
type Weight = 1 | 2 | 3

interface Response {
  status: number
  headers: Map<string, string[]>
  body: string
}

interface Rule {
  framework: FrameworkId
  weight: Weight
  /** Returns the signal text when the rule matches. */
  match: (seen: Seen) => string | undefined
}

interface Seen {
  responses: Response[]
  cookies: string[]
}

function header(name: string, pattern: RegExp, framework: FrameworkId, weight: Weight): Rule {
  return {
    framework,
    weight,
    match: (seen) => {
      for (const r of seen.responses) {
        for (const value of r.headers.get(name) ?? []) {
          if (pattern.test(value)) return `${canonicalHeader(name)}: ${value.slice(0, 80)}`
        }
      }
      return undefined
    },
  }
}

function headerPresent(name: string, framework: FrameworkId, weight: Weight): Rule {
  return {
    framework,
    weight,
    match: (seen) => (seen.responses.some((r) => r.headers.has(name)) ? `${canonicalHeader(name)} header` : undefined),
  }
}

function cookie(pattern: RegExp, framework: FrameworkId, weight: Weight): Rule {
  return {
    framework,
    weight,
    match: (seen) => {
      const name = seen.cookies.find((c) => pattern.test(c))
      return name === undefined ? undefined : `cookie ${name}`
    },
  }
}

function body(pattern: RegExp, what: string, framework: FrameworkId, weight: Weight, status?: (s: number) => boolean): Rule {
  return {
    framework,
    weight,
    match: (seen) => (seen.responses.some((r) => (!status || status(r.status)) && pattern.test(r.body)) ? what : undefined),
  }
}

const isError = (s: number): boolean => s >= 400

const RULES: Rule[] = [
  // PHP
  header('x-powered-by', /^PHP\//i, 'php', 3),
  cookie(/^PHPSESSID$/i, 'php', 3),
  body(/<b>(?:Fatal error|Warning|Notice|Parse error)<\/b>:.* on line <b>\d+<\/b>/, 'PHP error message in body', 'php', 3),

  // Express / connect
  header('x-powered-by', /^Express$/i, 'express', 3),
  cookie(/^connect\.sid$/, 'express', 3),
  body(/<pre>Cannot (?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) [^<]*<\/pre>/, 'Express "Cannot GET" error page', 'express', 3, isError),

  // Fastify
  body(/"message"\s*:\s*"Route [A-Z]+:[^"]* not found"/, 'Fastify JSON 404 ("Route GET:/… not found")', 'fastify', 3, isError),
  body(/"code"\s*:\s*"FST_ERR_[A-Z_]+"/, 'Fastify FST_ERR_* error code', 'fastify', 3, isError),
  cookie(/^sessionId$/, 'fastify', 2),

  // Django
  body(/You(?:'|&#x27;|&#39;)re seeing this error because you have <code>DEBUG = True<\/code>/, 'Django debug page', 'django', 3),
  body(/Using the URLconf defined in <code>/, 'Django URLconf 404 page', 'django', 3),
  body(
    /<h1>Not Found<\/h1>\s*<p>The requested resource was not found on this server\.<\/p>/,
    'Django default 404 page',
    'django',
    3,
    isError,
  ),
  cookie(/^csrftoken$/, 'django', 2),
  cookie(/^sessionid$/, 'django', 2),
  header('server', /^WSGIServer\/[\d.]+ CPython/i, 'django', 1),

  // Flask / Werkzeug
  header('server', /^Werkzeug\//i, 'flask', 3),
  body(
    /The requested URL was not found on the server\. If you entered the URL manually please check your spelling/,
    'Werkzeug 404 page',
    'flask',
    3,
    isError,
  ),
  body(/Werkzeug Debugger|The debugger caught an exception in your WSGI application/, 'Werkzeug debugger page', 'flask', 3),
  // Flask's default cookie name; Starlette's SessionMiddleware uses it too, hence the low weight.
  cookie(/^session$/, 'flask', 1),
  cookie(/^remember_token$/, 'flask', 2),

  // Rails
  cookie(/^_[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*_session$/, 'rails', 3),
  header('x-runtime', /^\d+(?:\.\d+)?$/, 'rails', 2),
  body(/The page you were looking for doesn(?:'|&#39;|&rsquo;|’)t exist\./, 'Rails public/404.html', 'rails', 3, isError),
  body(/<h1>Routing Error<\/h1>|No route matches \[(?:GET|POST|PUT|PATCH|DELETE)\]/, 'Rails routing error page', 'rails', 3, isError),

  // Spring / Tomcat / servlet containers
  cookie(/^JSESSIONID$/, 'spring', 2),
  header('server', /^Apache-Coyote\//i, 'spring', 3),
  header('server', /^Jetty\b/i, 'spring', 2),
  headerPresent('x-application-context', 'spring', 3),
  body(/Whitelabel Error Page/, 'Spring Boot Whitelabel Error Page', 'spring', 3),
  body(
    /"timestamp"\s*:\s*"[^"]+"\s*,\s*"status"\s*:\s*\d{3}\s*,\s*"error"\s*:\s*"[^"]*"\s*,\s*(?:"message"\s*:\s*"[^"]*"\s*,\s*)?"path"\s*:/,
    'Spring Boot JSON error body',
    'spring',
    3,
    isError,
  ),
  body(/<h3>Apache Tomcat\/[\d.]+<\/h3>|HTTP Status \d{3} [–-] [A-Za-z ]+<\/h1>/, 'Tomcat error page', 'spring', 3, isError),

  // ASP.NET (classic and Core)
  header('x-powered-by', /^ASP\.NET$/i, 'aspnet', 3),
  headerPresent('x-aspnet-version', 'aspnet', 3),
  headerPresent('x-aspnetmvc-version', 'aspnet', 3),
  header('server', /^Kestrel$/i, 'aspnet', 3),
  header('server', /^Microsoft-IIS\//i, 'aspnet', 1),
  cookie(/^ASP\.NET_SessionId$/, 'aspnet', 3),
  cookie(/^\.AspNetCore\./, 'aspnet', 3),
  cookie(/^\.ASPXAUTH$/i, 'aspnet', 3),
  cookie(/^__RequestVerificationToken/, 'aspnet', 2),
  body(/Server Error in '[^']*' Application/, 'ASP.NET yellow error page', 'aspnet', 3),

  // FastAPI / Starlette / uvicorn
  header('server', /^uvicorn$/i, 'fastapi', 2),
  header('server', /^hypercorn/i, 'fastapi', 1),
  body(
    /^\s*\{\s*"detail"\s*:\s*"(?:Not Found|Method Not Allowed|Not authenticated)"\s*\}\s*$/,
    'FastAPI/Starlette {"detail": …} error body',
    'fastapi',
    3,
    isError,
  ),
  body(
    /^\s*\{\s*"detail"\s*:\s*\[\s*\{\s*"type"\s*:\s*"[a-z_]+"\s*,\s*"loc"\s*:/,
    'FastAPI 422 validation error body',
    'fastapi',
    3,
    isError,
  ),

  // Koa: koa-session's default cookie (koa.sess, signature koa.sess.sig; koa:sess before v6)
  cookie(/^koa[.:]sess(?:\.sig)?$/, 'koa', 3),
  // koa's default error answers are the bare status text as text/plain; weak alone
  body(/^(?:Not Found|Method Not Allowed|Internal Server Error)$/, 'bare status-text error body (Koa style)', 'koa', 1, isError),

  // Hono: its X-Powered-By middleware, and its default "404 Not Found" text
  header('x-powered-by', /^Hono$/i, 'hono', 3),
  body(/^404 Not Found$/, 'Hono default 404 body ("404 Not Found")', 'hono', 2, (s) => s === 404),

  // NestJS: its exception filter's JSON shape ({ message, error, statusCode }) on top of Express or Fastify
  // (Fastify's own 404 has the same keys but says "Route GET:/x not found", never "Cannot GET /x")
  body(
    /^\s*\{\s*"message"\s*:\s*"Cannot (?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) [^"]*"\s*,\s*"error"\s*:\s*"Not Found"\s*,\s*"statusCode"\s*:\s*404\s*\}\s*$/,
    'NestJS 404 body ({ message: "Cannot GET …", error, statusCode })',
    'nestjs',
    3,
    isError,
  ),
  body(
    /^\s*\{\s*"message"\s*:\s*"[^"]*"\s*,\s*"statusCode"\s*:\s*\d{3}\s*\}\s*$/,
    'NestJS HttpException body ({ message, statusCode })',
    'nestjs',
    2,
    isError,
  ),

  // Next.js: its X-Powered-By, the page markers, and next-auth / Auth.js cookies
  header('x-powered-by', /^Next\.js$/i, 'nextjs', 3),
  headerPresent('x-nextjs-cache', 'nextjs', 3),
  headerPresent('x-nextjs-prerender', 'nextjs', 3),
  body(/<div id="__next"|<script id="__NEXT_DATA__"|\/_next\/static\//, 'Next.js page markers (__next, /_next/static/)', 'nextjs', 3),
  cookie(/^(?:__(?:Secure|Host)-)?(?:next-auth|authjs)\.(?:session-token|csrf-token|callback-url)(?:\.\d+)?$/, 'nextjs', 3),

  // Axum / hyper / tower
  body(
    /^(?:Failed to deserialize the JSON body into the target type|Failed to parse the request body as JSON|Expected request with `Content-Type: application\/json`|Failed to deserialize query string|Failed to deserialize form)/,
    'axum extractor rejection message',
    'axum',
    3,
    isError,
  ),
  // tower-sessions' default cookie name.
  cookie(/^id$/, 'axum', 1),
  {
    framework: 'axum',
    weight: 1,
    // axum answers unknown routes with a bare 404: no body, no content type, no server header.
    match: (seen) =>
      seen.responses.some(
        (r) =>
          r.status === 404 &&
          r.body.length === 0 &&
          !r.headers.has('content-type') &&
          !r.headers.has('server') &&
          !r.headers.has('x-powered-by'),
      )
        ? 'empty 404 without content type or server header (hyper/axum)'
        : undefined,
  },
]

// Fixed order for ties: the session-cookie owners first, since the cookie is what remediation is about.
// Frameworks built on another come before it: NestJS answers with Express's headers too.
const ORDER: FrameworkId[] = [
  'php',
  'nestjs',
  'nextjs',
  'express',
  'fastify',
  'koa',
  'hono',
  'django',
  'rails',
  'spring',
  'aspnet',
  'flask',
  'fastapi',
  'axum',
]

/** The platform a framework runs on leaves its own traces; they confirm rather than contradict it. */
const PLATFORM: Partial<Record<FrameworkId, FrameworkId[]>> = { nestjs: ['express', 'fastify'], nextjs: ['express'] }

export function fingerprint(input: FingerprintInput): FrameworkGuess {
  const seen = normalise(input)
  const scores = new Map<FrameworkId, { score: number; signals: string[] }>()
  for (const rule of RULES) {
    const signal = rule.match(seen)
    if (signal === undefined) continue
    const entry = scores.get(rule.framework) ?? { score: 0, signals: [] }
    if (!entry.signals.includes(signal)) {
      entry.score += rule.weight
      entry.signals.push(signal)
    }
    scores.set(rule.framework, entry)
  }

  // a framework proven on its own (score 3+) absorbs the traces of the platform it runs on
  for (const [fw, platforms] of Object.entries(PLATFORM) as Array<[FrameworkId, FrameworkId[]]>) {
    const own = scores.get(fw)
    if (!own || own.score < 3) continue
    for (const p of platforms) {
      const base = scores.get(p)
      if (!base) continue
      own.score += base.score
      own.signals.push(...base.signals.filter((x) => !own.signals.includes(x)))
      scores.delete(p)
    }
  }

  let best: FrameworkId | undefined
  for (const id of ORDER) {
    const entry = scores.get(id)
    if (!entry) continue
    const current = best && scores.get(best)
    if (!current || entry.score > current.score) best = id
  }
  if (!best) return { id: 'generic', name: FRAMEWORK_NAMES.generic, confidence: 'low', signals: [] }

  const winner = scores.get(best)!
  // A close runner-up means the evidence is mixed (a proxy in front, two apps on one host): say so.
  const runnerUp = Math.max(0, ...[...scores].filter(([id]) => id !== best).map(([, e]) => e.score))
  const margin = winner.score - runnerUp
  const confidence: FrameworkGuess['confidence'] =
    winner.score >= 3 && margin >= 2 ? 'high' : winner.score >= 2 && margin >= 1 ? 'medium' : 'low'
  return { id: best, name: FRAMEWORK_NAMES[best], confidence, signals: winner.signals }
}

function normalise(input: FingerprintInput): Seen {
  const cookies = new Set(input.cookieNames)
  const responses = input.responses.map((r) => {
    const headers = new Map<string, string[]>()
    for (const [name, value] of Object.entries(r.headers)) {
      const key = name.toLowerCase()
      headers.set(key, [...(headers.get(key) ?? []), ...(Array.isArray(value) ? value : [value])])
    }
    for (const setCookie of headers.get('set-cookie') ?? []) {
      const name = setCookie.split('=', 1)[0]?.trim()
      if (name) cookies.add(name)
    }
    return { status: r.status, headers, body: r.body ?? '' }
  })
  return { responses, cookies: [...cookies] }
}

function canonicalHeader(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())
}
