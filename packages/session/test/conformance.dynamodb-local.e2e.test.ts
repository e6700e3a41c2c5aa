import { conformanceSuite } from './conformance/suite.js'
import { devicesSuite } from './conformance/devices.js'
import { factorsSuite } from './conformance/factors.js'

// The official engine (Java), started once for this file.
conformanceSuite('dynamodb-local')
devicesSuite('dynamodb-local')
factorsSuite('dynamodb-local')
