import type * as DynamoSdk from '@aws-sdk/client-dynamodb'
import { HistoryStoreError } from '../errors.js'

// The AWS SDK is an optional peer dependency: file-history users never install or load it. It is
// imported the first time a DynamoDB store sends something.

let sdk: Promise<typeof DynamoSdk> | undefined

export function dynamoSdk(): Promise<typeof DynamoSdk> {
  sdk ??= import('@aws-sdk/client-dynamodb').catch((err: unknown) => {
    sdk = undefined
    throw new HistoryStoreError('the DynamoDB history store needs the AWS SDK: npm install @aws-sdk/client-dynamodb', { cause: err })
  })
  return sdk
}
