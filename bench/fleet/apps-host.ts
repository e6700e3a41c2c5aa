// A child process that serves the bench's fleet: 100 real target apps from packages/testkit on 127.0.0.1
// (a mix of frameworks and session behaviours), printed as one JSON line of scan configs; it stays up
// until its stdin closes, so the apps never share a process (or its CPU accounting) with the monitor.
// With a round-trip time (second argument, ms), each app sits behind a TCP relay that holds every chunk
// half of it in each direction: a remote app's network, which is what concurrency hides.
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import {
  startContainerFormAuthApp,
  startExpressSession,
  startFastifySession,
  startHapiYarApp,
  startHeaderSessionApp,
  startHiddenFieldsApp,
  startJsessionidApp,
  startJsonCsrfApp,
  startKoaSessionApp,
  startLogoutNoopApp,
  startMetaCsrfApp,
  startOldIdValidApp,
  startPermissiveApp,
  startQuerySessionApp,
  type TargetApp,
} from '@sessionguard/testkit'

const KINDS: Array<() => Promise<TargetApp>> = [
  () => startExpressSession({ regenerate: true }),
  () => startExpressSession({ regenerate: false }),
  () => startFastifySession({ regenerate: true }),
  () => startFastifySession({ regenerate: false }),
  () => startKoaSessionApp({ regenerate: true }),
  () => startHapiYarApp({ reset: true }),
  () => startHeaderSessionApp({ adopt: false }),
  () => startPermissiveApp(),
  () => startQuerySessionApp(),
  () => startJsessionidApp(),
  () => startJsonCsrfApp(),
  () => startMetaCsrfApp(),
  () => startHiddenFieldsApp(),
  () => startContainerFormAuthApp(),
  () => startOldIdValidApp(),
  () => startLogoutNoopApp(),
]

/** Equal delays fire in order, so each direction's bytes keep their order. */
function delayed(from: Socket, to: Socket, ms: number): void {
  from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), ms))
  from.on('end', () => setTimeout(() => to.end(), ms))
  from.on('error', () => to.destroy())
}

async function relay(port: number, rttMs: number): Promise<{ server: Server; port: number }> {
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port })
    delayed(client, upstream, rttMs / 2)
    delayed(upstream, client, rttMs / 2)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return { server, port: (server.address() as { port: number }).port }
}

const count = Number(process.argv[2] ?? 100)
const rttMs = Number(process.argv[3] ?? 0)
const apps: TargetApp[] = []
const relays: Server[] = []
const configs: Array<{ name: string; config: Record<string, unknown> }> = []
for (let i = 0; i < count; i++) {
  const app = await KINDS[i % KINDS.length]!()
  apps.push(app)
  let config = app.config
  if (rttMs > 0) {
    const url = new URL(String(app.config.target))
    const r = await relay(Number(url.port), rttMs)
    relays.push(r.server)
    url.port = String(r.port)
    config = { ...app.config, target: url.href }
  }
  configs.push({ name: `${app.name}-${i}`, config })
}
process.stdout.write(`${JSON.stringify(configs)}\n`)
process.stdin.resume()
process.stdin.on('end', async () => {
  for (const r of relays) r.close()
  for (const a of apps) await a.close()
  process.exit(0)
})
