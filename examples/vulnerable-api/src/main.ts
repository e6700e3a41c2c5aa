// npm start -w @sessionguard/example-vulnerable-api — serves the API on PORT (default 3000)
import { runStandalone } from '../../serve.js'
import { startVulnerableApi } from './index.js'

await runStandalone('vulnerable-api', startVulnerableApi, 3000)
