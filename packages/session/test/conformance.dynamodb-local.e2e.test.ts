import { conformanceSuite } from './conformance/suite.js'

// The official engine (Java), started once for this file.
conformanceSuite('dynamodb-local')
