import { raceSuite } from './races/suite.js'

raceSuite('dynalite', 25)
