// npm start -w @sessionguard/example-secure-api — serves the API on PORT (default 3001)
import { connectDynamo } from '../../embedded-dynamodb.js'
import { startSecureApi } from './index.js'

const dynamo = await connectDynamo()
const api = await startSecureApi(dynamo.client, Number(process.env.PORT ?? 3001))
console.log(`secure-api on ${api.url} (DynamoDB at ${dynamo.endpoint}) — login: alice / alice-demo-password`)
const stop = async (): Promise<void> => {
  await api.close()
  await dynamo.close()
  process.exit(0)
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
