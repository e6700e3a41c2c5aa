// @sessionguard/history/server: the local dashboard over a history store.
export { startDashboard, type DashboardServerOptions, type RunningDashboard } from './server.js'
export { isLoopbackHost } from './loopback.js'
