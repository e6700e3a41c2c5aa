// npm start -w @sessionguard/example-vulnerable-api — serves the API on PORT (default 3000)
import { connectDynamo } from '../../embedded-dynamodb.js'
import { startVulnerableApi } from './index.js'

const dynamo = await connectDynamo()
const api = await startVulnerableApi(dynamo.client, Number(process.env.PORT ?? 3000))
console.log(`vulnerable-api on ${api.url} (DynamoDB at ${dynamo.endpoint}) — login: alice / alice-demo-password`)
const stop = async (): Promise<void> => {
  await api.close()
  await dynamo.close()
  process.exit(0)
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
