// The DynamoDB store on its own subpath, so an app on MemoryStore (or its own store) never loads the AWS SDK.
export { DynamoDBStore, type DynamoDBStoreOptions, type CreateTableOptions, type CreateTableResult } from './stores/dynamodb/store.js'
export type { StoreWarning, TransactionsMode, WarningHandler } from './stores/dynamodb/store.js'
