import { ConfigError } from '../errors.js'
import type { ScanReport } from '../model/report.js'
import { renderHtml } from './html.js'
import { renderJson } from './json.js'
import { renderJunit } from './junit.js'
import { renderMarkdown } from './markdown.js'
import { renderPretty } from './pretty.js'
import { renderSarif } from './sarif.js'

export const FORMATS = ['pretty', 'json', 'sarif', 'junit', 'markdown', 'html'] as const
export type Format = (typeof FORMATS)[number]

export interface RenderOptions {
  /** pretty: ANSI colour. The caller decides (TTY, NO_COLOR, --color); renderers never look at the environment. */
  color?: boolean
  /** pretty: wrap width in columns (default 100). */
  width?: number
  /** pretty/markdown/html: every header of each exchange and longer body excerpts; pretty also lists what passed checks tried. */
  verbose?: boolean
  /**
   * sarif: repository-relative path the results are anchored to, normally the scan's config file
   * (default "sessionguard.yml"). GitHub code scanning needs a file location even for a black-box scan.
   */
  artifactUri?: string
}

/** Turns a finished scan into text in one of the report formats. Pure: no I/O, same input, same output. */
export function render(report: ScanReport, format: Format, opts: RenderOptions = {}): string {
  switch (format) {
    case 'pretty':
      return renderPretty(report, opts)
    case 'json':
      return renderJson(report)
    case 'sarif':
      return renderSarif(report, opts)
    case 'junit':
      return renderJunit(report)
    case 'markdown':
      return renderMarkdown(report, opts)
    case 'html':
      return renderHtml(report, opts)
    default: {
      const never: never = format
      throw new ConfigError(`unknown report format: ${String(never)} (expected one of ${FORMATS.join(', ')})`)
    }
  }
}
