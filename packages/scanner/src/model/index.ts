export * from './finding.js'
export * from './report.js'
export { catalogueOf, categoriesOf } from './catalogue.js'
