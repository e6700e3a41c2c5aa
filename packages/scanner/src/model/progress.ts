/** Progress events a scan emits; the CLI draws them, the library ignores them unless asked. */
export type ProgressEvent =
  | { kind: 'phase'; phase: string; detail?: string }
  | { kind: 'check'; id: string; status: 'start' | 'done'; detail?: string }
  | { kind: 'tokens'; collected: number; total: number }
  | { kind: 'warning'; message: string }
