import { conformanceSuite } from './conformance/suite.js'
import { devicesSuite } from './conformance/devices.js'
import { factorsSuite } from './conformance/factors.js'

// MemoryStore answers reads synchronously (the manager then decides without a promise); the same
// store behind its promise API alone takes the path every remote store takes. Both must conform.
conformanceSuite('memory')
conformanceSuite('memory-promise')
devicesSuite('memory')
factorsSuite('memory')
devicesSuite('memory-promise')
factorsSuite('memory-promise')
