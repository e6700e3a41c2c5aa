import { conformanceSuite } from './conformance/suite.js'
import { devicesSuite } from './conformance/devices.js'
import { factorsSuite } from './conformance/factors.js'

conformanceSuite('dynalite')
devicesSuite('dynalite')
factorsSuite('dynalite')
