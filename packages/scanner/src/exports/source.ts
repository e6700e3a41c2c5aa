// @sessionguard/scanner/source: `sessionguard check` as a library (the parsers load only through this
// subpath or a scan with --source, so the root import stays light).
export { assessSource, type CheckRunOptions, type CheckAssessment } from '../run/check.js'
export type { SourceOptions } from '../source/index.js'
export { GRAMMAR_FILES, installedWasmPaths } from '../source/parse/grammars.js'
export { ADVISORIES, type Advisory } from '../source/advisories/data.js'
