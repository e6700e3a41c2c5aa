import { faultSuite } from './faults/suite.js'

faultSuite('dynalite')
