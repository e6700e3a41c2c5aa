// @sessionguard/history/store: the file store and the store a CLI command opens for its flags.
export { FileHistoryStore } from './file-store.js'
export { openHistoryStore, defaultDataDir, type OpenStoreOptions } from './open.js'
