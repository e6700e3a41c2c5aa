import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { listen, type RunningServer } from '@sessionguard/testkit'

/**
 * What the wire does to one DynamoDB call: the real service's throttling and 5xx answers, a call that
 * never returns, a connection reset before the call reaches the engine, a conditional-check failure,
 * and a call that is applied but whose answer is lost (reset after the engine answered).
 */
export type Fault = 'throttle' | '5xx' | 'hang' | 'reset' | 'condition' | 'lost-response'

const JSON_TYPE = 'application/x-amz-json-1.0'
const ERROR_PREFIX = 'com.amazonaws.dynamodb.v20120810#'

/** A loopback HTTP proxy in front of DynamoDB Local or dynalite that injects faults into chosen operations. */
export class FaultProxy {
  /** Every operation that reached the proxy, in order (GetItem, TransactWriteItems, …). */
  readonly calls: string[] = []
  injected = 0
  /** While true, every Query (the user index) answers with no items: a GSI that has not caught up. */
  lagIndex = false
  private rule: { ops: RegExp; fault: Fault; remaining: number } | undefined
  private readonly sockets = new Set<Socket>()
  private running: RunningServer | undefined

  constructor(private readonly upstream: string) {}

  get url(): string {
    return this.running!.url
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res))
    server.on('connection', (s: Socket) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
    this.running = await listen(server)
    return this
  }

  /** Fails the next `times` calls whose operation matches `ops` (every one, by default) with `fault`. */
  inject(ops: RegExp, fault: Fault, times = Number.POSITIVE_INFINITY): void {
    this.rule = { ops, fault, remaining: times }
  }

  /** Back to a healthy network; hung calls are cut. */
  heal(): void {
    this.rule = undefined
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await this.running?.close()
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks)
    const op =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? ''
    this.calls.push(op)
    const rule = this.rule
    const fault = rule && rule.remaining > 0 && rule.ops.test(op) ? rule.fault : undefined
    if (fault && rule) {
      rule.remaining--
      this.injected++
    }
    const error = (status: number, type: string, message: string, extra: Record<string, unknown> = {}): void => {
      res
        .writeHead(status, { 'content-type': JSON_TYPE, 'x-amzn-requestid': 'fault-proxy' })
        .end(JSON.stringify({ __type: `${ERROR_PREFIX}${type}`, message, ...extra }))
    }
    if (this.lagIndex && op === 'Query' && !fault) {
      return void res
        .writeHead(200, { 'content-type': JSON_TYPE, 'x-amzn-requestid': 'fault-proxy' })
        .end(JSON.stringify({ Count: 0, Items: [], ScannedCount: 0 }))
    }
    switch (fault) {
      case 'throttle':
        return error(
          400,
          'ProvisionedThroughputExceededException',
          'The level of configured provisioned throughput for the table was exceeded.',
        )
      case '5xx':
        return error(500, 'InternalServerError', 'Internal server error')
      case 'hang':
        return // the client's own request timeout has to end it
      case 'reset':
        return void req.socket.resetAndDestroy()
      case 'condition':
        if (op === 'TransactWriteItems') {
          const n = (JSON.parse(body.toString()) as { TransactItems?: unknown[] }).TransactItems?.length ?? 1
          const reasons = Array.from({ length: n }, (_, i) =>
            i === n - 1 ? { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' } : { Code: 'None' },
          )
          return error(
            400,
            'TransactionCanceledException',
            `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
            { CancellationReasons: reasons },
          )
        }
        return error(400, 'ConditionalCheckFailedException', 'The conditional request failed')
    }
    const forwarded = await this.forward(req, body).catch(() => undefined)
    if (!forwarded) return void req.socket.destroy()
    if (fault === 'lost-response') return void req.socket.resetAndDestroy()
    res.writeHead(forwarded.status, forwarded.headers).end(forwarded.body)
  }

  private forward(
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    const target = new URL(this.upstream)
    return new Promise((resolve, reject) => {
      const out = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        async (answer) => {
          const parts: Buffer[] = []
          for await (const c of answer) parts.push(c as Buffer)
          const headers: Record<string, string | string[]> = {}
          for (const [k, v] of Object.entries(answer.headers))
            if (v !== undefined && k !== 'connection' && k !== 'transfer-encoding') headers[k] = v
          resolve({ status: answer.statusCode ?? 502, headers, body: Buffer.concat(parts) })
        },
      )
      out.on('error', reject)
      out.end(body)
    })
  }
}
