import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { DynamoHistoryStore } from './dynamodb-store.js'
import { FileHistoryStore } from './file-store.js'
import type { HistoryStore } from './types.js'

export interface OpenStoreOptions {
  /** Folder of the file store; defaults to $SESSIONGUARD_DATA_DIR, then ~/.sessionguard. */
  dataDir?: string
  /** A DynamoDB table instead of files; region, credentials and endpoint come from the usual AWS environment. */
  table?: string
  env?: NodeJS.ProcessEnv
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SESSIONGUARD_DATA_DIR ? resolve(env.SESSIONGUARD_DATA_DIR) : join(homedir(), '.sessionguard')
}

/** The store a CLI command should use for its flags. */
export function openHistoryStore(opts: OpenStoreOptions = {}): HistoryStore {
  if (opts.table) return new DynamoHistoryStore({ table: opts.table })
  return new FileHistoryStore(opts.dataDir ? resolve(opts.dataDir) : defaultDataDir(opts.env))
}
