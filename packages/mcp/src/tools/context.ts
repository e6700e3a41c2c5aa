import type { AllowList } from '../allow-list.js'
import type { ScanRecorder, ScanStore } from '../scan-store.js'

/** What every tool of one server shares. */
export interface ToolContext {
  allow: AllowList
  store: ScanStore
  /** The server process's environment, where password_env is looked up. */
  env: NodeJS.ProcessEnv
  /** password_env must start with this. */
  envPrefix: string
  recorder?: ScanRecorder
  /** The browser a browser login runs, chosen by whoever started the server (never by a tool call). */
  browser?: string
}
