// Authorization across sessions: the accounts, object discovery (config templates, crawl, the API
// description), and the judgement of replayed responses that the IDOR probe (idor.ts) builds on.
export { scanAccounts, controlledFlowFor, type NamedAccount } from './accounts.js'
export { discover, sendAs, type Discovery, type FoundRequest, type Viewer } from './crawl.js'
export { neverFetched } from './never-fetch.js'
export { judgeIds, MIN_IDS, type IdVerdict } from './enum.js'
export { isData, markersOf, sameContent, shows } from './judge.js'
