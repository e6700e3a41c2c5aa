import { faultSuite } from './faults/suite.js'

faultSuite('dynamodb-local')
