// Child process of connection-keys.test.ts (run with --expose-gc): how much of 2,000 long Cookie
// headers stays reachable through ConnectionKeys after each header went through the request path.
import { findCookieValue } from '../../src/cookie/parse.js'
import { ConnectionKeys } from '../../src/core/connection-keys.js'
import { generateToken, isWellFormedToken } from '../../src/core/token.js'

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')
const keys = new ConnectionKeys()
const connections: object[] = []
const N = 2000
gc()
const before = process.memoryUsage().heapUsed
for (let i = 0; i < N; i++) {
  const connection = {}
  connections.push(connection)
  // a fresh header string per request, as node's HTTP parser makes them
  const header = `sid=${generateToken()}; pad=${String(i).padStart(6, '0')}${'x'.repeat(16 * 1024)}`
  const token = findCookieValue(header, 'sid', isWellFormedToken)
  if (typeof token !== 'string') throw new Error('no token found')
  keys.keyOf(connection, header, token)
}
gc()
const retainedBytes = process.memoryUsage().heapUsed - before
process.stdout.write(JSON.stringify({ retainedBytes, connections: connections.length }))
