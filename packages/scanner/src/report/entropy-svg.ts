import type { TokenSummary } from '../model/report.js'
import { escapeMarkup } from './escape.js'

// Bits per character an ideal generator reaches for common encodings: the dashed reference line.
const ALPHABET_BITS: Record<string, number> = {
  hex: 4,
  base16: 4,
  base32: 5,
  base64: 6,
  base64url: 6,
  alphanumeric: Math.log2(62),
  alnum: Math.log2(62),
  decimal: Math.log2(10),
  digits: Math.log2(10),
}

const W = 720
const H = 220
const M = { left: 44, right: 12, top: 14, bottom: 34 }

/**
 * Per-position Shannon entropy as a bar chart, inline SVG with no external references (no xmlns
 * either: inline SVG in HTML does not need one, and the report must hold no URL but the target's).
 */
export function entropySvg(tokens: TokenSummary): string {
  const values = tokens.positionEntropy.map((v) => (Number.isFinite(v) && v > 0 ? v : 0))
  const ideal = ALPHABET_BITS[tokens.encoding.toLowerCase()]
  const top = Math.max(1, Math.ceil(Math.max(0, ...values, ideal ?? 0)))
  const plotW = W - M.left - M.right
  const plotH = H - M.top - M.bottom
  const y = (bits: number): number => M.top + plotH - (bits / top) * plotH
  const n = Math.max(1, values.length)
  const step = plotW / n
  const barW = Math.max(1, step * 0.8)

  const parts: string[] = []
  for (let b = 0; b <= top; b++) {
    parts.push(
      `<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${fmt(y(b))}" y2="${fmt(y(b))}"/>`,
      `<text class="tick" x="${M.left - 6}" y="${fmt(y(b) + 4)}" text-anchor="end">${b}</text>`,
    )
  }
  values.forEach((v, i) => {
    const x = M.left + i * step + (step - barW) / 2
    const ratio = ideal ? v / ideal : v / top
    const cls = ratio >= 0.9 ? 'bar-ok' : ratio >= 0.5 ? 'bar-mid' : 'bar-low'
    parts.push(
      `<rect class="bar ${cls}" x="${fmt(x)}" y="${fmt(y(v))}" width="${fmt(barW)}" height="${fmt(y(0) - y(v))}">` +
        `<title>position ${i + 1}: ${v.toFixed(2)} bits</title></rect>`,
    )
  })
  const labelEvery = Math.max(1, Math.ceil(n / 16))
  for (let i = 0; i < values.length; i += labelEvery) {
    parts.push(`<text class="tick" x="${fmt(M.left + i * step + step / 2)}" y="${H - M.bottom + 16}" text-anchor="middle">${i + 1}</text>`)
  }
  if (ideal) {
    parts.push(
      `<line class="ideal" x1="${M.left}" x2="${W - M.right}" y1="${fmt(y(ideal))}" y2="${fmt(y(ideal))}"/>`,
      `<text class="tick" x="${W - M.right}" y="${fmt(y(ideal) - 4)}" text-anchor="end">ideal ${ideal.toFixed(2)} bits (${escapeMarkup(tokens.encoding)})</text>`,
    )
  }
  parts.push(
    `<text class="axis" x="${M.left + plotW / 2}" y="${H - 4}" text-anchor="middle">character position</text>`,
    `<text class="axis" transform="translate(12 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">bits</text>`,
  )
  const label = `Entropy per character position of ${tokens.samples} sampled session ids`
  return `<svg class="entropy" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeMarkup(label)}"><title>${escapeMarkup(label)}</title>${parts.join('')}</svg>`
}

function fmt(n: number): string {
  return Number.isFinite(n) ? n.toFixed(1) : '0'
}
