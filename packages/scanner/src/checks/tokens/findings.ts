import { makeFinding } from '../make-finding.js'
import type { Carrier, Exchange, Finding, Severity } from '../../model/finding.js'
import type { FrameworkId } from '../../model/report.js'
import type { Detection, TokenAnalysis } from '../../tokens/types.js'

export interface VerifiedPrediction {
  /** What the analysis predicted before the fresh id was fetched. */
  predicted: string[]
  /** The id the server issued next. */
  actual: string
  matched: boolean
  /** The request that fetched the fresh id. */
  exchange?: Exchange
  detail?: string
}

export interface TokenFindingContext {
  framework: FrameworkId
  carrier?: Carrier
  /** Exchanges that show where the ids come from (e.g. the first sample request). */
  evidence: Exchange[]
  verifiedPrediction?: VerifiedPrediction
}

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 }

/** How bad a structure is on its own, when it does not predict whole ids. */
function structureSeverity(det: Detection): Severity {
  if (det.predictive) return 'critical'
  if (det.id === 'float' || det.id === 'repeats') return 'high'
  if (det.id === 'timestamp') return 'medium'
  return 'low'
}

const where = (carrier?: Carrier): string => (carrier ? `${carrier.kind} ${carrier.name}` : 'the session id')

/** SG-TOKEN-ENTROPY (under 64 bits: high; under 128: low) and SG-TOKEN-PREDICT (structure found) from an analysis. */
export function tokenFindings(analysis: TokenAnalysis, ctx: TokenFindingContext): Finding[] {
  if (analysis.status !== 'analysed') return []
  const findings: Finding[] = []
  const base = { evidence: ctx.evidence, ...(ctx.carrier ? { carrier: ctx.carrier } : {}) }
  const { bits, method } = analysis.effective
  if (bits < 128) {
    findings.push(
      makeFinding(
        'SG-TOKEN-ENTROPY',
        {
          ...base,
          confidence: 'firm',
          ...(bits < 64 ? {} : { severity: 'low' as const }),
          titleSuffix: `${bits} effective bits`,
          summary:
            `${analysis.samples} ids of ${where(ctx.carrier)} (${analysis.decoding.encoding}, ${analysis.decoding.varyingPart}) carry an effective entropy of ${bits} bits ` +
            `(${method}), under the ${bits < 64 ? '64 bits every session id needs' : '128 bits ASVS 5 asks of a session token'}. ` +
            `Verdict: ${analysis.verdict}.`,
        },
        ctx.framework,
      ),
    )
  }
  const fired = analysis.detections.filter((d) => d.fired)
  if (fired.length > 0) {
    const severity = fired.map(structureSeverity).reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'info' as Severity)
    const predictive = fired.some((d) => d.predictive)
    const v = ctx.verifiedPrediction
    let confidence: 'confirmed' | 'firm' | 'tentative' = predictive ? 'firm' : 'tentative'
    let proof = ''
    if (predictive && v) {
      confidence = v.matched ? 'confirmed' : 'tentative'
      proof = v.matched
        ? ` Demonstrated: the next id the server issued (${v.actual}) was predicted from the sample${v.detail ? ` (${v.detail})` : ''}.`
        : ` The id fetched after the sample (${v.actual}) did not match the prediction${v.detail ? ` (${v.detail})` : ''}; other traffic may have taken the predicted ids.`
    } else if (analysis.predictions.length > 0) {
      proof = ` Next ids predicted: ${analysis.predictions.slice(0, 3).join(', ')}.`
    }
    const lines = fired.map((d) => `${d.summary} — ${d.evidence.slice(0, 2).join('; ')}`)
    findings.push(
      makeFinding(
        'SG-TOKEN-PREDICT',
        {
          evidence: v?.exchange ? [...ctx.evidence, v.exchange] : ctx.evidence,
          ...(ctx.carrier ? { carrier: ctx.carrier } : {}),
          confidence,
          severity: predictive && v && !v.matched ? 'high' : severity,
          titleSuffix: fired[0]!.summary.split(':')[0]!,
          summary: `Ids of ${where(ctx.carrier)} follow a structure: ${lines.join(' | ')}.${proof}`,
        },
        ctx.framework,
      ),
    )
  }
  return findings
}
