// Run in a child process with --expose-gc: an engine given a caller's abort signal, a hanging target,
// and garbage collection forced while the request waits. Prints the error class the request ended with.
import { createServer } from 'node:http'
import { HttpEngine } from '../../src/http/client.js'
import { Scope } from '../../src/http/scope.js'
import { engineOptions } from './engine-options.js'

const server = createServer(() => undefined) // never answers
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
const { port } = server.address() as { port: number }
const caller = new AbortController()
const http = new HttpEngine(new Scope(`http://127.0.0.1:${port}`), engineOptions({ budgetMs: 800, timeoutMs: 8000, signal: caller.signal }))
const gc = (globalThis as { gc?: () => void }).gc
const collecting = setInterval(() => gc?.(), 20)
try {
  await http.send({ actor: 'anonymous', path: '/' })
  console.log('resolved')
} catch (err) {
  console.log((err as Error).constructor.name)
} finally {
  clearInterval(collecting)
  await http.close()
  server.closeAllConnections()
  server.close()
}
