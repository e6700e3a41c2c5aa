import { startExpress } from './e2e/apps.js'
import { adapterScenarios } from './e2e/scenarios.js'

adapterScenarios('express', startExpress)
