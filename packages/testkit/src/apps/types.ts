/** A running target application that the scanner's end-to-end tests attack. */
export interface TargetApp {
  name: string
  /** http://127.0.0.1:<port> */
  url: string
  close(): Promise<void>
  /** A scan config (the scanner's YAML keys; see packages/scanner/src/config/schema.ts) for this app's login/logout: target, login{page,url,type,fields?,credentials{username,password},check{url,contains}}, logout{url,method}. */
  config: Record<string, unknown>
  /** Second account, for apps that have objects (IDOR tests later). */
  accounts?: Array<{ name: string; username: string; password: string }>
}
