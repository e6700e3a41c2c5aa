declare module 'dynalite' {
  import type { Server } from 'node:net'
  interface DynaliteOptions {
    path?: string
    createTableMs?: number
    deleteTableMs?: number
    updateTableMs?: number
    maxItemSizeKb?: number
    ssl?: boolean
  }
  export default function dynalite(options?: DynaliteOptions): Server
}
