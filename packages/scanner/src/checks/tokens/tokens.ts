import { TOKEN_IDS } from './ids.js'
import type { CheckOutcome, Exchange } from '../../model/finding.js'
import { Jar } from '../../http/jar.js'
import { analyzeTokens, collectTokens, matchesPrediction, toTokenSummary } from '../../tokens/index.js'
import { tokenFindings } from './findings.js'
import { ActorSession } from '../../actors/session.js'
import { setCookieValue, valueIn } from '../carriers.js'
import type { Probe, ProbeContext, ProbeResult } from '../types.js'

import { ENABLE } from '../needs.js'

/** The cookie name under which the server hands fresh clients their session id, if it does so before login. */
function issuedName(ctx: ProbeContext): string | undefined {
  const carrier = ctx.target.carrier?.primary
  if (carrier?.kind === 'cookie') return ctx.target.issued.some((i) => i.name === carrier.name) ? carrier.name : undefined
  return ctx.target.issued.find((i) => /sess|sid|token|id$/i.test(i.name))?.name
}

/**
 * Samples ids where the server issues them to fresh clients (each sample a new client, concurrently
 * over keep-alive), analyses them, and when a structure predicts the next id, fetches one more and
 * shows whether the prediction came true: a claimed prediction is demonstrated, not asserted.
 */
async function run(ctx: ProbeContext): Promise<ProbeResult> {
  const samples = ctx.config.tokens.samples
  if (!samples) {
    return {
      findings: [],
      outcomes: (['SG-TOKEN-ENTROPY', 'SG-TOKEN-PREDICT'] as const).map((id) => ({
        id,
        status: 'not-tested' as const,
        reason: 'token sampling is off',
        enableWith: ENABLE.tokens,
      })),
    }
  }
  const preAuth = issuedName(ctx)
  const carrier = ctx.target.carrier?.primary
  if (!preAuth && !(ctx.login && carrier)) {
    const reason = `no session id is issued to fresh clients at ${ctx.target.issuingPath}; configure a login, or sample ids elsewhere and analyse them with \`sessionguard tokens <file>\``
    return {
      findings: [],
      outcomes: (['SG-TOKEN-ENTROPY', 'SG-TOKEN-PREDICT'] as const).map((id) => ({ id, status: 'not-tested' as const, reason })),
    }
  }
  const name = preAuth ?? carrier!.name
  ctx.progress({ kind: 'check', id: 'SG-TOKEN-ENTROPY', status: 'start', detail: `${samples} × ${name}` })
  let first: Exchange | undefined
  // ids handed to fresh clients are sampled there (one request each); ids issued only at login cost a login each
  const fetchOne = preAuth
    ? async (): Promise<string | undefined> => {
        const res = await ctx.http.send({
          actor: 'scanner',
          path: ctx.target.issuingPath,
          jar: new Jar(),
          record: false,
          follow: false,
          note: `sample of ${name}`,
        })
        first ??= res.exchanges[0]
        return setCookieValue(res.setCookies, name)
      }
    : async (): Promise<string | undefined> => {
        const fresh = new ActorSession('scanner')
        const attempt = await ctx.login!.flow.perform(fresh, ctx.login!.account, `login for a sample of ${name}`, { record: false })
        first ??= attempt.submit.exchanges[0]
        return valueIn(ctx, fresh, carrier!)
      }
  const tokens = await collectTokens(fetchOne, {
    samples,
    concurrency: ctx.config.tokens.concurrency,
    signal: ctx.http.signal,
    onProgress: (collected, total) => ctx.progress({ kind: 'tokens', collected, total }),
  })
  for (const t of tokens) ctx.redactor.addSecret(t)
  const analysis = analyzeTokens(tokens, { now: new Date() })
  // an id the analysis predicts may be another user's live session: a secret like the samples
  for (const p of analysis.predictions ?? []) ctx.redactor.addSecret(p)
  let verified: { predicted: string[]; actual: string; matched: boolean; exchange: Exchange } | undefined
  if (analysis.predictions && analysis.predictions.length > 0) {
    let actual: string | undefined
    let exchange: Exchange | undefined
    if (preAuth) {
      const res = await ctx.http.send({
        actor: 'scanner',
        path: ctx.target.issuingPath,
        jar: new Jar(),
        follow: false,
        note: 'fetches the next id to test the prediction',
      })
      actual = setCookieValue(res.setCookies, name)
      exchange = res.exchanges[0]
    } else {
      const fresh = new ActorSession('scanner')
      const attempt = await ctx.login!.flow.perform(fresh, ctx.login!.account, 'logs in once more to test the prediction')
      actual = valueIn(ctx, fresh, carrier!)
      exchange = attempt.submit.exchanges[0]
    }
    if (actual !== undefined && exchange)
      verified = { predicted: analysis.predictions, actual, matched: matchesPrediction(analysis, actual), exchange }
  }
  const findings = tokenFindings(analysis, {
    framework: ctx.target.framework.id,
    carrier: { kind: 'cookie', name },
    evidence: first ? [first] : [],
    ...(verified ? { verifiedPrediction: verified } : {}),
  })
  if (analysis.status === 'insufficient') {
    // too few ids is no verdict either way
    return {
      findings: [],
      outcomes: (['SG-TOKEN-ENTROPY', 'SG-TOKEN-PREDICT'] as const).map((id) => ({
        id,
        status: 'not-tested' as const,
        reason: analysis.summary,
      })),
    }
  }
  const outcomes: CheckOutcome[] = (['SG-TOKEN-ENTROPY', 'SG-TOKEN-PREDICT'] as const).map((id) =>
    findings.some((f) => f.id === id)
      ? { id, status: 'failed' as const }
      : { id, status: 'passed' as const, reason: `${tokens.length} ids of ${name}: ${analysis.summary ?? ''}`.trim() },
  )
  return { findings, outcomes, tokens: toTokenSummary(analysis) }
}

export const tokensProbe: Probe = { name: 'token sampling', checks: TOKEN_IDS, run }
