// The one table of report formats: their names, the file extensions they are written with, and the
// options the renderers take. Renderers import their options from here (not from render.ts) so the
// report folder has no import cycle.

export const FORMATS = ['pretty', 'json', 'sarif', 'junit', 'markdown', 'html', 'har'] as const
export type Format = (typeof FORMATS)[number]

/** The extension each format is written with (the first one is the default), e.g. for --output and the Action's report file. */
export const FORMAT_EXTENSIONS: Readonly<Record<Format, readonly string[]>> = {
  pretty: ['.txt'],
  json: ['.json'],
  sarif: ['.sarif'],
  junit: ['.xml'],
  markdown: ['.md'],
  html: ['.html', '.htm'],
  har: ['.har'],
}

/** The format a file name's extension stands for (case-insensitive), or undefined. */
export function formatForExtension(ext: string): Format | undefined {
  const e = ext.toLowerCase()
  return FORMATS.find((f) => FORMAT_EXTENSIONS[f].includes(e))
}

/** The file extension a format is written with by default, e.g. 'sarif' → '.sarif'. */
export function extensionOf(format: Format): string {
  return FORMAT_EXTENSIONS[format][0]!
}

export interface RenderOptions {
  /** pretty: ANSI colour. The caller decides (TTY, NO_COLOR, --color); renderers never look at the environment. */
  color?: boolean
  /** pretty: wrap width in columns (default 100). */
  width?: number
  /** pretty/markdown/html: every header of each exchange and longer body excerpts; pretty also lists what passed checks tried. */
  verbose?: boolean
  /**
   * sarif: a repository file that describes the scan (its config file, the workflow that ran it), as a
   * repository-relative path: results get a file location there, which GitHub code scanning needs to
   * show them. Without it results carry only the target URL (logical location) and the web request.
   */
  artifactUri?: string
  /** sarif: the line of artifactUri that names the target (default 1). */
  artifactLine?: number
}
