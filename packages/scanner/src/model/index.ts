export * from './finding.js'
export * from './report.js'
