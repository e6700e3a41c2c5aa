import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { createMcpServer, type SessionguardMcpOptions } from './server.js'

/**
 * Serves on this process's stdin/stdout until the client closes stdin or a signal arrives. stdout
 * belongs to the protocol: nothing else may write there while this runs.
 */
export async function serveStdio(opts: SessionguardMcpOptions = {}): Promise<void> {
  const server = createMcpServer(opts)
  const transport = new StdioServerTransport()
  const closed = new Promise<void>((resolve) => {
    const stop = (): void => {
      process.stdin.off('end', stop)
      process.stdin.off('close', stop)
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.stdin.once('end', stop)
    process.stdin.once('close', stop)
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    server.server.onclose = stop
  })
  await server.connect(transport)
  await closed
  await server.close()
}
