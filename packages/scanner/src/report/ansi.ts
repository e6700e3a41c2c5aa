import type { Severity } from '../model/finding.js'
import type { Grade } from '../model/report.js'

export type Paint = (s: string) => string
export interface Palette {
  bold: Paint
  dim: Paint
  red: Paint
  green: Paint
  yellow: Paint
  cyan: Paint
  severity: (s: Severity) => Paint
  /** No letter (null) is painted as a warning: nothing proven either way. */
  grade: (g: Grade | null) => Paint
}

const sgr =
  (open: number, close: number): Paint =>
  (s) =>
    `\u001b[${open}m${s}\u001b[${close}m`

const plain: Paint = (s) => s

/** ANSI styling when enabled, identity functions otherwise, so layout code never branches on colour. */
export function palette(enabled: boolean): Palette {
  const bold = enabled ? sgr(1, 22) : plain
  const dim = enabled ? sgr(2, 22) : plain
  const red = enabled ? sgr(31, 39) : plain
  const green = enabled ? sgr(32, 39) : plain
  const yellow = enabled ? sgr(33, 39) : plain
  const cyan = enabled ? sgr(36, 39) : plain
  const bySeverity: Record<Severity, Paint> = {
    critical: (s) => bold(red(s)),
    high: red,
    medium: yellow,
    low: cyan,
    info: dim,
  }
  const byGrade: Record<Grade, Paint> = { A: green, B: green, C: yellow, D: red, F: (s) => bold(red(s)) }
  return { bold, dim, red, green, yellow, cyan, severity: (s) => bySeverity[s], grade: (g) => (g === null ? yellow : byGrade[g]) }
}
