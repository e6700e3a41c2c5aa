import { startHono } from './e2e/apps.js'
import { adapterScenarios } from './e2e/scenarios.js'

// On DynamoDB the session arrives through a promise; on MemoryStore loadNow() decides it synchronously.
adapterScenarios('hono', startHono, 'dynalite')
adapterScenarios('hono', startHono, 'memory')
