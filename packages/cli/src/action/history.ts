import type { HistorySink } from '@sessionguard/scanner'
import { isLoopbackHost } from '@sessionguard/scanner'
import { DynamoHistoryStore } from '@sessionguard/history/dynamodb'
import type { ActionInputs } from './inputs.js'

/**
 * Where the Action's scan goes in the team's history. An app the job started on 127.0.0.1 has the same
 * URL in every repository, so its scans are keyed by the repository (https://github.com/owner/repo)
 * unless `history-key` names them; an app on a real address is keyed by its URL, and joins the history
 * a fleet monitor keeps of it.
 */
export function historyKey(inputs: Pick<ActionInputs, 'historyKey'>, target: string, env: NodeJS.ProcessEnv): string {
  if (inputs.historyKey) return inputs.historyKey
  let host = ''
  try {
    host = new URL(target).hostname
  } catch {
    return target
  }
  if (isLoopbackHost(host) && env.GITHUB_REPOSITORY) return `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}`
  return target
}

/** The scan's record keeper: the DynamoDB table, with region and credentials from the usual AWS environment of the step. */
export function historySink(table: string, key: string): HistorySink {
  return {
    async save(report) {
      const store = new DynamoHistoryStore({ table })
      try {
        await store.save(report, { source: 'action', target: key })
      } finally {
        await store.close()
      }
    },
  }
}
