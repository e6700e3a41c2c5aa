import { conformanceSuite } from './conformance/suite.js'
import { devicesSuite } from './conformance/devices.js'

conformanceSuite('dynalite')
devicesSuite('dynalite')
