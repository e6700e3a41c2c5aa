// @sessionguard/history/dynamodb: the history in a DynamoDB table (loads the AWS SDK).
export { DynamoHistoryStore, createHistoryTable, type DynamoHistoryStoreOptions } from './dynamodb-store.js'
