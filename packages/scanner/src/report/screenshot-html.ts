import type { Exchange } from '../model/finding.js'
import { escapeMarkup as h } from './escape.js'
import { untrusted } from './text.js'

/**
 * What was done to a picture before it was kept, in the caption: its text was checked (a secret in it
 * means no picture at all) and what a page draws rather than writes was painted over.
 */
const SHOT_CHECKED =
  "kept only because the page's text showed none of the scan's secrets; images, canvases, SVG, frames, background images and password fields painted over"

/** Largest inline picture a report shows (base64 characters); the scanner caps its own well below. */
const MAX_DATA = 600 * 1024
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/**
 * The picture an exchange carries, as an inline image: only a PNG of plain base64 is shown, so a
 * report assembled from a tampered JSON cannot inject markup or another media type.
 */
export function screenshotHtml(x: Exchange): string {
  const s = x.screenshot
  if (!s || s.mediaType !== 'image/png' || typeof s.data !== 'string' || s.data.length > MAX_DATA || !BASE64.test(s.data)) return ''
  const w = Number.isInteger(s.width) && s.width > 0 && s.width <= 4096 ? s.width : 1024
  const hgt = Number.isInteger(s.height) && s.height > 0 && s.height <= 4096 ? s.height : 720
  const where = untrusted(x.request.url, 200)
  return `<figure class="shot"><img src="data:image/png;base64,${s.data}" width="${w}" height="${hgt}" alt="${h(`Screenshot: the ${untrusted(String(x.actor), 40)}'s browser on ${where}`)}"><figcaption>What the ${h(untrusted(String(x.actor), 40))}'s browser showed on <code>${h(where)}</code> carrying only the planted id: ${SHOT_CHECKED}</figcaption></figure>`
}
