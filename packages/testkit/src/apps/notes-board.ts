// Server-rendered pages with owned objects and a public one, for the authorization checks.
// Form login at /login, sessions done right (random id, rotated at login, deleted at logout).
//
// /account greets the user and links their private notes (/notes/{noteId}) and the announcements they
// posted (/announcements/{announcementId}).
// fixed: false — VULNERABLE: /notes/{noteId} needs a session but shows any note to any logged-in user
//   (SG-IDOR). fixed: true — SAFE: another user's note is a 404.
// Announcements are PUBLIC BY DESIGN: served to everyone, with or without a session, and they name
// their author; a scan must be told so (public: ["/announcements/*"]) or it rightly sees alice's
// announcement reaching bob and anonymous visitors.
// Every page shows who is signed in, so two users never get byte-identical pages.
// GET /swagger.json describes the site (Swagger 2.0, with $refs and a self-referencing definition).
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { scanConfig } from './config.js'
import { addCookie, escapeHtml, html, json, notFound, parseCookies, readFields, redirect, requestUrl } from './http.js'
import { serveHandler } from './serve.js'
import type { TargetApp } from './types.js'
import { ALICE, BOB, checkCredentials } from './users.js'

export interface NotesBoardApp extends TargetApp {
  notes: Record<string, string[]>
  announcements: Record<string, string[]>
}

export function notesBoardSwagger(): Record<string, unknown> {
  return {
    swagger: '2.0',
    info: { title: 'Notes board', version: '1.0' },
    basePath: '/',
    consumes: ['application/x-www-form-urlencoded'],
    paths: {
      '/login': {
        post: {
          operationId: 'signIn',
          parameters: [{ $ref: '#/parameters/Username' }, { $ref: '#/parameters/Password' }],
          responses: { '302': { description: 'to /account' } },
        },
      },
      '/logout': { post: { operationId: 'signOut', responses: { '302': { description: 'to /login' } } } },
      '/account': { get: { operationId: 'account', produces: ['text/html'], responses: { '200': { description: 'the signed-in user' } } } },
      '/notes/{noteId}': {
        parameters: [{ $ref: '#/parameters/NoteId' }],
        get: {
          produces: ['text/html'],
          responses: { '200': { description: 'a private note', schema: { $ref: '#/definitions/Note' } }, '404': { description: 'none' } },
        },
      },
      '/announcements/{announcementId}': {
        get: {
          produces: ['text/html'],
          parameters: [{ name: 'announcementId', in: 'path', required: true, type: 'string' }],
          responses: { '200': { description: 'a public announcement', schema: { $ref: '#/definitions/Announcement' } } },
        },
      },
    },
    parameters: {
      NoteId: { name: 'noteId', in: 'path', required: true, type: 'string' },
      Username: { name: 'username', in: 'formData', required: true, type: 'string' },
      Password: { name: 'password', in: 'formData', required: true, type: 'string', format: 'password' },
    },
    definitions: {
      Note: {
        type: 'object',
        properties: { owner: { type: 'string' }, text: { type: 'string' }, replyTo: { $ref: '#/definitions/Note' } },
      },
      Announcement: { type: 'object', properties: { author: { type: 'string' }, title: { type: 'string' } } },
    },
  }
}

const loginForm = `<h1>Sign in</h1>
<form method="post" action="/login">
  <input name="username" type="text"> <input name="password" type="password"> <button>Sign in</button>
</form>`

export async function startNotesBoard(opts: { fixed: boolean }): Promise<NotesBoardApp> {
  const id = (): string => randomBytes(6).toString('hex')
  const noteData = new Map<string, { owner: string; text: string }>()
  const notes: Record<string, string[]> = { [ALICE.username]: [], [BOB.username]: [] }
  for (const [owner, text] of [
    [ALICE.username, 'Door code for the flat: 4471'],
    [ALICE.username, 'Call the bank about the mortgage'],
    [BOB.username, 'Gift idea: a telescope'],
  ] as const) {
    const n = id()
    noteData.set(n, { owner, text })
    notes[owner]!.push(n)
  }
  const announcementData = new Map<string, { author: string; title: string }>()
  const announcements: Record<string, string[]> = { [ALICE.username]: [], [BOB.username]: [] }
  const a = id()
  announcementData.set(a, { author: ALICE.username, title: 'Building party on Saturday' })
  announcements[ALICE.username]!.push(a)

  const sessions = new Map<string, string>()
  const userOf = (req: IncomingMessage): string | undefined => {
    const sid = parseCookies(req).get('board_sid')
    return sid ? sessions.get(sid) : undefined
  }
  const page = (res: ServerResponse, viewer: string | undefined, body: string, status = 200): void =>
    html(
      res,
      status,
      `<header>${viewer ? `Signed in as ${escapeHtml(viewer)} <form method="post" action="/logout"><button>Sign out</button></form>` : 'Not signed in'}</header>\n${body}`,
    )

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = requestUrl(req)
    const method = req.method ?? 'GET'
    if (pathname === '/swagger.json' && method === 'GET') return json(res, 200, notesBoardSwagger())
    if (pathname === '/login' && method === 'GET') return html(res, 200, loginForm)
    if (pathname === '/login' && method === 'POST') {
      const body = await readFields(req)
      const user = checkCredentials(body.username, body.password)
      if (!user) return html(res, 401, loginForm)
      const old = parseCookies(req).get('board_sid')
      if (old) sessions.delete(old)
      const sid = randomBytes(32).toString('base64url')
      sessions.set(sid, user)
      addCookie(res, `board_sid=${sid}; HttpOnly; SameSite=Lax; Path=/`)
      return redirect(res, '/account', 303)
    }
    if (pathname === '/logout' && method === 'POST') {
      const sid = parseCookies(req).get('board_sid')
      if (sid) sessions.delete(sid)
      addCookie(res, 'board_sid=; Max-Age=0; HttpOnly; SameSite=Lax; Path=/')
      return redirect(res, '/login', 303)
    }
    if (method !== 'GET') return notFound(res)
    const viewer = userOf(req)
    if (pathname === '/account') {
      if (!viewer) return redirect(res, '/login')
      const mine = (notes[viewer] ?? []).map((n) => `<li><a href="/notes/${n}">${escapeHtml(noteData.get(n)!.text.slice(0, 12))}…</a></li>`)
      const posted = (announcements[viewer] ?? []).map(
        (x) => `<li><a href="/announcements/${x}">${escapeHtml(announcementData.get(x)!.title)}</a></li>`,
      )
      return page(res, viewer, `<h1>Your notes</h1><ul>${mine.join('')}</ul><h2>Your announcements</h2><ul>${posted.join('')}</ul>`)
    }
    const note = pathname.match(/^\/notes\/([^/]+)$/)
    if (note) {
      if (!viewer) return redirect(res, '/login')
      const n = noteData.get(note[1]!)
      if (!n || (opts.fixed && n.owner !== viewer)) return page(res, viewer, '<h1>No such note</h1>', 404)
      return page(res, viewer, `<h1>Note by ${escapeHtml(n.owner)}</h1><p>${escapeHtml(n.text)}</p>`)
    }
    const ann = pathname.match(/^\/announcements\/([^/]+)$/)
    if (ann) {
      const x = announcementData.get(ann[1]!)
      if (!x) return page(res, viewer, '<h1>No such announcement</h1>', 404)
      return page(res, viewer, `<h1>${escapeHtml(x.title)}</h1><p>Posted by ${escapeHtml(x.author)}</p>`)
    }
    return notFound(res)
  }

  const app = await serveHandler(opts.fixed ? 'notes-board-fixed' : 'notes-board', handler, (url) =>
    scanConfig(url, { page: '/login', url: '/login', type: 'form', check: { url: '/account' } }, { url: '/logout', method: 'POST' }),
  )
  return { ...app, notes, announcements }
}
