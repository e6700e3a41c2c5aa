// Profiling aid (not part of `npm run bench`): serves one bench app on 127.0.0.1 until SIGTERM, then
// exits cleanly so `node --cpu-prof` writes its profile. Prints "url cookie" on stdout once ready.
//   node --cpu-prof --conditions=source --import tsx bench/session/profile-target.ts fastify|express|bare-fastify|bare-express
import { createSessionManager, MemoryStore } from '@sessionguard/session'
import { bareExpress, bareFastify, expressWithSessionguard, fastifyWithSessionguard } from './apps.js'

const which = process.argv[2] ?? 'fastify'
const sessions = createSessionManager({ store: new MemoryStore(), cookie: { secure: false } })
const starters = {
  fastify: () => fastifyWithSessionguard(sessions),
  express: () => expressWithSessionguard(sessions),
  'bare-fastify': bareFastify,
  'bare-express': bareExpress,
} as const
const start = starters[which as keyof typeof starters]
if (!start) throw new Error(`unknown app ${which}`)
const server = await start()
let cookie = ''
if (!which.startsWith('bare')) {
  const res = await fetch(`${server.url}/login`, { method: 'POST' })
  cookie = res.headers.getSetCookie()[0]?.split(';')[0] ?? ''
}
// CPU per request is steadier than requests/s on a shared machine: SIGUSR2 starts the count, SIGTERM reports it.
let cpu = process.cpuUsage()
process.on('SIGUSR2', () => void (cpu = process.cpuUsage()))
console.log(`${server.url} ${cookie}`)
process.once('SIGTERM', () => {
  const used = process.cpuUsage(cpu)
  console.error(`cpu-us ${used.user + used.system}`)
  void server.close().then(() => process.exit(0))
})
