import { ConfigError } from '../errors.js'
import type { ScanReport } from '../model/report.js'
import { renderHar } from './har.js'
import { renderHtml } from './html.js'
import { renderJson } from './json.js'
import { renderJunit } from './junit.js'
import { renderMarkdown } from './markdown.js'
import { renderPretty } from './pretty.js'
import { renderSarif } from './sarif.js'
import { FORMATS, type Format, type RenderOptions } from './formats.js'

export { FORMATS, FORMAT_EXTENSIONS, extensionOf, formatForExtension, type Format, type RenderOptions } from './formats.js'

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
    case 'har':
      return renderHar(report)
    default: {
      const never: never = format
      throw new ConfigError(`unknown report format: ${String(never)} (expected one of ${FORMATS.join(', ')})`)
    }
  }
}
