import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'

const readCommands = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand', 'TransactGetItemsCommand'])
const capacityCommands = new Set([
  ...readCommands,
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
])

export interface CommandCounts {
  reads: number
  writes: number
  readUnits: number
  writeUnits: number
  reset(): void
}

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number }

/**
 * Counts every DynamoDB command a client sends and the capacity units DynamoDB reports for it
 * (asking for ReturnConsumedCapacity on each call), so both libraries are measured the same way.
 */
export function countCommands(client: DynamoDBClient): CommandCounts {
  const counts: CommandCounts = {
    reads: 0,
    writes: 0,
    readUnits: 0,
    writeUnits: 0,
    reset() {
      counts.reads = counts.writes = counts.readUnits = counts.writeUnits = 0
    },
  }
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName)
      const isRead = readCommands.has(name)
      if (isRead) counts.reads++
      else if (capacityCommands.has(name)) counts.writes++
      if (capacityCommands.has(name)) (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL'
      const result = await next(args)
      const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        const units = c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0)
        if (isRead) counts.readUnits += units
        else counts.writeUnits += units
      }
      return result
    },
    { step: 'initialize', name: 'benchCountCommands' },
  )
  return counts
}
