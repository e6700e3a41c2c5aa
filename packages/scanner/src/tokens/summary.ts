import type { TokenSummary } from '../model/report.js'
import type { TokenAnalysis } from './types.js'

/** The small part of an analysis a report keeps and plots. */
export function toTokenSummary(analysis: TokenAnalysis): TokenSummary {
  if (analysis.status !== 'analysed') {
    return {
      samples: analysis.samples,
      effectiveBits: 0,
      verdict: 'insufficient',
      method: analysis.message,
      positionEntropy: [],
      encoding: 'unknown',
    }
  }
  return {
    samples: analysis.samples,
    effectiveBits: analysis.effective.bits,
    verdict: analysis.verdict,
    method: analysis.effective.method,
    positionEntropy: analysis.positions.map((p) => Math.round(p.entropy * 1000) / 1000),
    encoding:
      analysis.decoding.wrapper === 'none' ? analysis.decoding.encoding : `${analysis.decoding.encoding} in ${analysis.decoding.wrapper}`,
  }
}
