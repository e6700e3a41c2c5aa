// A local mail catcher, as teams run Mailpit or MailHog beside a test deployment: an SMTP server
// (nodemailer's smtp-server) that keeps every message in memory, and a small HTTP API on loopback that
// answers the latest message for a recipient as JSON. A scan reads e-mailed sign-in codes from it.
import { createServer } from 'node:http'
import { SMTPServer } from 'smtp-server'
import { listen } from '../listen.js'

export interface CaughtMail {
  to: string
  subject: string
  text: string
  receivedAt: string
}

export interface MailCatcher {
  smtpPort: number
  /** http://127.0.0.1:<port>; GET /api/latest?to=<address> → the latest message to that address, JSON. */
  apiUrl: string
  messages: CaughtMail[]
  close(): Promise<void>
}

function header(raw: string, name: string): string {
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(raw.split(/\r?\n\r?\n/)[0] ?? '')
  return (m?.[1] ?? '').trim()
}

function decodeBody(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/)
  const body = rest.join('\n\n')
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head ?? ''))
    return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
  if (/content-transfer-encoding:\s*base64/i.test(head ?? '')) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  return body
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const messages: CaughtMail[] = []
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        for (const rcpt of session.envelope.rcptTo)
          messages.push({ to: rcpt.address, subject: header(raw, 'Subject'), text: decodeBody(raw), receivedAt: new Date().toISOString() })
        done()
      })
    },
  })
  await new Promise<void>((ok) => smtp.listen(0, '127.0.0.1', ok))
  const smtpPort = (smtp.server.address() as { port: number }).port
  const api = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x')
    if (u.pathname !== '/api/latest') return void res.writeHead(404).end()
    const to = u.searchParams.get('to')
    const latest = [...messages].reverse().find((m) => to === null || m.to === to)
    if (!latest) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no message"}')
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(latest))
  })
  const running = await listen(api)
  return {
    smtpPort,
    apiUrl: running.url,
    messages,
    close: async () => {
      await running.close()
      await new Promise<void>((ok) => smtp.close(() => ok()))
    },
  }
}
