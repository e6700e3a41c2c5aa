// A child process that serves the bench's fleet: 100 real target apps from packages/testkit on 127.0.0.1
// (a mix of frameworks and session behaviours), printed as one JSON line of scan configs; it stays up
// until its stdin closes, so the apps never share a process (or its CPU accounting) with the monitor.
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

const count = Number(process.argv[2] ?? 100)
const apps: TargetApp[] = []
for (let i = 0; i < count; i++) apps.push(await KINDS[i % KINDS.length]!())
process.stdout.write(`${JSON.stringify(apps.map((a, i) => ({ name: `${a.name}-${i}`, config: a.config })))}\n`)
process.stdin.resume()
process.stdin.on('end', async () => {
  for (const a of apps) await a.close()
  process.exit(0)
})
