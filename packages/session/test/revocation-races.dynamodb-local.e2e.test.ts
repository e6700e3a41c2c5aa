import { raceSuite } from './races/suite.js'

// The official engine (Java), started once for this file.
raceSuite('dynamodb-local', 25)
