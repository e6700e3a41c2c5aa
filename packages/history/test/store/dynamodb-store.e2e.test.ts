import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { gzipSync } from 'node:zlib'
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { startDynamoDBLocal, type RunningDynamoDB } from '@sessionguard/testkit'
import { DynamoHistoryStore, createHistoryTable } from '../../src/store/dynamodb.js'
import { historyStoreConformance } from '../helpers/conformance.js'
import { buildReport, exchange } from '../helpers/report-builder.js'

let db: RunningDynamoDB
let client: DynamoDBClient
const tableOf = new WeakMap<DynamoHistoryStore, string>()

before(async () => {
  db = await startDynamoDBLocal()
  client = new DynamoDBClient({ endpoint: db.endpoint, region: db.region, credentials: db.credentials })
})
after(async () => {
  client?.destroy()
  await db?.stop()
})

async function freshStore(): Promise<DynamoHistoryStore> {
  const table = `sg-history-${randomUUID()}`
  await createHistoryTable(client, table)
  const store = new DynamoHistoryStore({ client, table })
  tableOf.set(store, table)
  return store
}

historyStoreConformance('DynamoHistoryStore on DynamoDB Local', {
  fresh: freshStore,
  reopen: (store) => new DynamoHistoryStore({ client, table: tableOf.get(store as DynamoHistoryStore)! }),
  // the item and the state item as the version before fixationRan wrote them (the state folded from that summary)
  writeOld: async (store, report, summary) => {
    const TableName = tableOf.get(store as DynamoHistoryStore)!
    await client.send(
      new PutItemCommand({
        TableName,
        Item: {
          target: { S: summary.target },
          sk: { S: `${summary.startedAt}#${summary.scanId}` },
          kind: { S: 'scan' },
          scanId: { S: summary.scanId },
          entry: { S: JSON.stringify(summary) },
          report: { B: gzipSync(JSON.stringify(report)) },
        },
      }),
    )
    const state = {
      target: summary.target,
      lastEntryAt: summary.startedAt,
      status: 'up',
      latest: summary,
      recent: [{ at: summary.startedAt, scanId: summary.scanId, score: summary.score, grade: summary.grade }],
      scans: 1,
    }
    await client.send(
      new PutItemCommand({
        TableName,
        Item: {
          target: { S: '#fleet' },
          sk: { S: summary.target },
          kind: { S: 'fleet' },
          state: { S: JSON.stringify(state) },
          version: { N: '1' },
        },
      }),
    )
  },
})

describe('DynamoHistoryStore specifics', () => {
  it('createHistoryTable leaves an existing table and its scans alone', async () => {
    const store = await freshStore()
    const r = buildReport()
    await store.save(r, { source: 'cli' })
    await createHistoryTable(client, tableOf.get(store)!)
    assert.equal((await store.get(r.scanId))?.report.scanId, r.scanId)
  })

  it('stores a report with large evidence compressed, and refuses one too big for an item with a store error', async () => {
    const store = await freshStore()
    const body = 'x'.repeat(30_000)
    const big = buildReport({
      findings: Array.from({ length: 10 }, () => ({
        id: 'SG-FIX-LOGIN' as const,
        evidence: [exchange('victim', 'GET', 'http://127.0.0.1:3000/a', 200, { response: { status: 200, headers: {}, body } })],
      })),
    })
    await store.save(big, { source: 'cli' })
    assert.deepEqual((await store.get(big.scanId))?.report, big)

    // random text does not compress: 12 × 53 KB of it is well over the 400 KB item limit even gzipped
    const noise = Array.from({ length: 12 }, () => ({
      id: 'SG-URL' as const,
      title: randomBytes(40_000).toString('base64'),
      carrier: null,
    }))
    const huge = buildReport({ findings: noise })
    await assert.rejects(store.save(huge, { source: 'cli' }), { code: 'SG_HISTORY_STORE' })
  })

  it('reports a missing table as a store error naming it', async () => {
    const store = new DynamoHistoryStore({ client, table: 'sg-history-does-not-exist' })
    await assert.rejects(
      store.list('http://127.0.0.1:1'),
      (err: Error & { code?: string }) => err.code === 'SG_HISTORY_STORE' && err.message.includes('sg-history-does-not-exist'),
    )
  })
})
