import { conformanceSuite } from './conformance/suite.js'
import { devicesSuite } from './conformance/devices.js'

// MemoryStore answers reads synchronously (the manager then decides without a promise); the same
// store behind its promise API alone takes the path every remote store takes. Both must conform.
conformanceSuite('memory')
conformanceSuite('memory-promise')
devicesSuite('memory')
devicesSuite('memory-promise')
