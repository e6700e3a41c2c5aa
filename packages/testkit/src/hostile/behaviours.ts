import type { Socket } from 'node:net'
import type { RawHandler } from './raw.js'

/** What the hostile server counts while it misbehaves; tests read it to prove the scanner stopped early. */
export interface HostileStats {
  requests: number
  /** Body bytes actually written to sockets (the 1 GB body: how much of it the scanner pulled). */
  bytesSent: number
}

export interface BehaviourContext {
  stats: HostileStats
  /** URL of the other origin, where a careless client would go. */
  elsewhere: string
  /** Timers and sockets to clean up when the server stops. */
  timers: Set<NodeJS.Timeout>
}

export const GIGABYTE = 1024 * 1024 * 1024

const head = (status: string, headers: string[]): string =>
  `HTTP/1.1 ${status}\r\n${[...headers, 'connection: close'].join('\r\n')}\r\n\r\n`

const page = (ctx: BehaviourContext, text: string): string =>
  `<!doctype html><html><body><p>${text}</p><a href="${ctx.elsewhere}/linked">elsewhere</a><img src="${ctx.elsewhere}/pixel.gif"></body></html>`

/** Writes `bytes` one per second until done or the peer goes away. */
function trickle(socket: Socket, bytes: Buffer, ctx: BehaviourContext): void {
  let i = 0
  const timer = setInterval(() => {
    if (socket.destroyed || i >= bytes.length) {
      clearInterval(timer)
      ctx.timers.delete(timer)
      if (!socket.destroyed) socket.end()
      return
    }
    socket.write(bytes.subarray(i, i + 1))
    ctx.stats.bytesSent++
    i++
  }, 1000)
  ctx.timers.add(timer)
}

function respond(socket: Socket, ctx: BehaviourContext, status: string, headers: string[], body: string | Buffer): void {
  const b = typeof body === 'string' ? Buffer.from(body) : body
  socket.write(head(status, [...headers, `content-length: ${b.length}`]))
  socket.end(b)
  ctx.stats.bytesSent += b.length
}

export type RawBehaviour =
  | 'silent'
  | 'trickle'
  | 'trickle-body'
  | 'huge-body'
  | 'redirect-loop'
  | 'redirect-away'
  | 'cookie-flood'
  | 'malformed-headers'
  | 'non-utf8-headers'
  | 'control-cookies'
  | 'encoded-control-cookies'
  | 'close-mid-response'
  | 'not-http'

export const RAW_BEHAVIOURS: Record<RawBehaviour, (ctx: BehaviourContext) => RawHandler> = {
  /** Reads the request and never answers, holding the connection open. */
  silent: () => () => undefined,

  /** The whole response, status line included, at one byte a second. */
  trickle: (ctx) => (socket) => {
    const body = page(ctx, 'slow')
    trickle(socket, Buffer.from(head('200 OK', ['content-type: text/html', `content-length: ${body.length}`]) + body), ctx)
  },

  /** Headers at once, then a body at one byte a second. */
  'trickle-body': (ctx) => (socket) => {
    socket.write(head('200 OK', ['content-type: text/html', 'content-length: 100000', 'set-cookie: sid=trickle0123456789; Path=/']))
    trickle(socket, Buffer.alloc(100_000, 'x'), ctx)
  },

  /** Announces and streams 1 GB (64 KB chunks, paced by backpressure); nothing of it is ever held in memory. */
  'huge-body': (ctx) => (socket) => {
    socket.write(
      head('200 OK', ['content-type: text/html', `content-length: ${GIGABYTE}`, 'set-cookie: sid=huge0123456789abcdef; Path=/; HttpOnly']),
    )
    const chunk = Buffer.alloc(64 * 1024, '<p>lorem ipsum</p>\n')
    let sent = 0
    const pump = (): void => {
      while (!socket.destroyed && sent < GIGABYTE) {
        const n = Math.min(chunk.length, GIGABYTE - sent)
        sent += n
        ctx.stats.bytesSent += n
        if (!socket.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void socket.once('drain', pump)
      }
      if (!socket.destroyed) socket.end()
    }
    pump()
  },

  /** Every path redirects to the next one, forever, inside the origin. */
  'redirect-loop': (ctx) => (socket, req) => {
    const n = Number(/\/loop\/(\d+)/.exec(req.path)?.[1] ?? 0)
    respond(socket, ctx, '302 Found', [`location: /loop/${n + 1}`, 'set-cookie: sid=loop0123456789abcdef; Path=/'], '')
  },

  /** Every path redirects to another origin. */
  'redirect-away': (ctx) => (socket, req) => {
    respond(
      socket,
      ctx,
      '302 Found',
      [`location: ${ctx.elsewhere}/steal?from=${encodeURIComponent(req.path)}`, 'set-cookie: sid=away0123456789abcdef; Path=/'],
      '',
    )
  },

  /** Five thousand Set-Cookie headers (about 150 KB of headers). */
  'cookie-flood': (ctx) => (socket) => {
    const cookies = Array.from({ length: 5000 }, (_, i) => `set-cookie: c${i}=${i.toString(16).padStart(16, '0')}; Path=/`)
    respond(socket, ctx, '200 OK', ['content-type: text/html', ...cookies], page(ctx, 'cookies'))
  },

  /** Header lines that break the grammar: no colon, spaces in names, NUL bytes, a bare LF. */
  'malformed-headers': (ctx) => (socket) => {
    const body = page(ctx, 'malformed')
    socket.write(
      `HTTP/1.1 200 OK\r\ncontent-type: text/html\r\nthis line has no colon\r\nBad Header Name: x\r\nx-nul: a\0b\r\nx-lf: a\nb\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    )
    socket.end()
    ctx.stats.bytesSent += body.length
  },

  /** Valid header syntax, bytes that are not UTF-8 (obs-text): in the cookie, other headers and the body. */
  'non-utf8-headers': (ctx) => (socket) => {
    const latin = (s: string): Buffer => Buffer.from(s, 'latin1')
    const body = Buffer.concat([Buffer.from(page(ctx, 'caf')), latin('\xe9 \xff\xfe \xc3\x28 \xed\xa0\x80')])
    socket.write(
      Buffer.concat([
        latin('HTTP/1.1 200 \xc9tat OK\r\n'),
        latin('content-type: text/html; charset=utf-8\r\n'),
        latin('set-cookie: sid=\xff\xfe\xc3\x28abcdef0123; Path=/\r\n'),
        latin('set-cookie: caf\xe9=cr\xe8me; Path=/\r\n'),
        latin('x-title: caf\xe9 \xc0\xaf \xf0\x9f\r\n'),
        latin('server: \xe2\x82\r\n'),
        latin(`content-length: ${body.length}\r\nconnection: close\r\n\r\n`),
        body,
      ]),
    )
    socket.end()
    ctx.stats.bytesSent += body.length
  },

  /** Cookies whose names and values carry control characters, terminal escapes included. */
  'control-cookies': (ctx) => (socket) => {
    const cookies = [
      'set-cookie: sid=abc\x01\x02def0123; Path=/',
      'set-cookie: esc=\x1b[31mred\x1b[0m; Path=/',
      'set-cookie: tab=a\tb; Path=/',
      'set-cookie: del=\x7f\x7f\x7f; Path=/',
      'set-cookie: na\x08me=value; Path=/',
    ]
    respond(socket, ctx, '200 OK', ['content-type: text/html', ...cookies], page(ctx, 'control'))
  },

  /**
   * Control characters an HTTP parser lets through: tabs inside values, and percent-encoded CR LF, NUL
   * and terminal escapes that a careless decoder would turn into header injection or screen control.
   */
  'encoded-control-cookies': (ctx) => (socket) => {
    const cookies = [
      'set-cookie: sid=a\tb%0d%0aSet-Cookie:%20evil=1%0d%0a0123; Path=/',
      'set-cookie: esc=%1b%5b2J%1b%5b31mred; Path=/',
      'set-cookie: nul=%00%00abc123; Path=/; HttpOnly',
      'set-cookie: quoted="\tq\t"; Path=/',
      'set-cookie: =nameless; Path=/',
      'set-cookie: novalue; Path=/',
    ]
    respond(socket, ctx, '200 OK', ['content-type: text/html', ...cookies], page(ctx, 'encoded'))
  },

  /** Promises 100 KB, sends 1 KB, then drops the connection. */
  'close-mid-response': (ctx) => (socket) => {
    socket.write(head('200 OK', ['content-type: text/html', 'content-length: 100000', 'set-cookie: sid=cut0123456789abcdef; Path=/']))
    socket.write(Buffer.alloc(1000, 'y'))
    ctx.stats.bytesSent += 1000
    setImmediate(() => socket.destroy())
  },

  /** An SSH server: a banner, then binary packets, whatever was asked. */
  'not-http': (ctx) => (socket) => {
    const junk = Buffer.from([0x00, 0x00, 0x01, 0x14, 0x0a, 0x14, 0xde, 0xad, 0xbe, 0xef, 0xff, 0x00, 0x13, 0x37])
    socket.end(junk)
    ctx.stats.bytesSent += junk.length
  },
}
