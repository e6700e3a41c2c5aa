import { readFile } from 'node:fs/promises'

// The page, script and styles ship inside the package (assets/), the same folder depth from src/ and
// dist/, so the dashboard works offline and from an installed package alike.
const ASSET_DIR = new URL('../../assets/', import.meta.url)

export const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/assets/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/assets/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/assets/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
  // browsers ask for /favicon.ico whatever the page says; an SVG answers them too
  '/favicon.ico': { file: 'favicon.svg', type: 'image/svg+xml' },
}

export async function loadAssets(): Promise<Map<string, { body: Buffer; type: string }>> {
  const out = new Map<string, { body: Buffer; type: string }>()
  for (const [path, a] of Object.entries(ASSETS)) out.set(path, { body: await readFile(new URL(a.file, ASSET_DIR)), type: a.type })
  return out
}
