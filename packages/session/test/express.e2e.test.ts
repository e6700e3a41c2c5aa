import { startExpress } from './e2e/apps.js'
import { adapterScenarios } from './e2e/scenarios.js'

// On DynamoDB the session arrives through a promise; on MemoryStore loadNow() decides it synchronously.
adapterScenarios('express', startExpress, 'dynalite')
adapterScenarios('express', startExpress, 'memory')
