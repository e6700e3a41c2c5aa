// npm start -w @sessionguard/example-mfa-app — serves the app on PORT (default 3003); see README.md for the scan
import { runStandalone } from '../../serve.js'
import { startMfaApp } from './index.js'

await runStandalone('mfa-app', startMfaApp, 3003)
