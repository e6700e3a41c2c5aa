// Fleet: rounds on the wall clock, the split of a targets file across workers, and the fleet view.
export { roundOf, roundStart, roundLabel, isOverdue } from './rounds.js'
export { parseShard, formatShard, shardOf, selectShard, MAX_SHARDS, type Shard } from './shard.js'
export { fleetRows, fleetRow, fleetTags, compareWorstFirst, type FleetRow, type FleetFilter } from './view.js'
