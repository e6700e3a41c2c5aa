// npm start -w @sessionguard/example-secure-api — serves the API on PORT (default 3001)
import { runStandalone } from '../../serve.js'
import { startSecureApi } from './index.js'

await runStandalone('secure-api', startSecureApi, 3001)
