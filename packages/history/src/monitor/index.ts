// @sessionguard/history/monitor: scans on a schedule, outages and alerts.
export { Monitor, slotNeeds, type MonitorOptions, type ScanFn, type RetryPolicy, type TargetRound, type RoundStatus } from './monitor.js'
export { Slots, DEFAULT_LIMITS, type ConcurrencyLimits, type SlotNeeds } from './slots.js'
export { loadTargets, type MonitorTarget, type LoadTargetsOptions, type ConfigFileReader } from './targets.js'
export { parseInterval, formatInterval } from './duration.js'
export { webhookSink, streamSink, type Alert, type AlertKind, type AlertSink, type WebhookOptions } from './alerts.js'
