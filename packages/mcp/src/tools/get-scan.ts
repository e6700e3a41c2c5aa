import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { render, type Format } from '@sessionguard/scanner'
import { UnknownScanError } from '../errors.js'
import { getScanShape, listScansShape } from '../input-schema.js'
import type { StoredScan } from '../scan-store.js'
import { briefOf, listItemOf, summaryText } from '../summary.js'
import type { ToolContext } from './context.js'
import { toolError, toolResult } from './result.js'

/** A scan of this session, else of the history the server records into (when it has one). */
export async function findScan(ctx: ToolContext, scanId: string): Promise<StoredScan> {
  const mine = ctx.store.get(scanId)
  if (mine) return mine
  const recorded = ctx.recorder?.get ? await ctx.recorder.get(scanId) : undefined
  if (recorded) return { report: recorded.report }
  throw new UnknownScanError(`no scan ${JSON.stringify(scanId)} in this session; list_scans shows the scans there are`)
}

export function registerGetScan(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'get_scan',
    {
      title: 'Get a scan report',
      description: 'The full report of a scan of this session by its scanId: findings with the request/response evidence that proves them (passwords redacted), every check\'s outcome, score and notes.',
      inputSchema: getScanShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      try {
        const stored = await findScan(ctx, args.scan_id)
        const report = args.evidence ? stored.report : { ...stored.report, findings: stored.report.findings.map((f) => ({ ...f, evidence: [] })) }
        const texts = [summaryText(briefOf(stored))]
        if (args.format) texts.push(render(stored.report, args.format as Format, { color: false }))
        return toolResult(texts, { report, ...(stored.gate ? { gate: stored.gate } : {}) })
      } catch (err) {
        return toolError(err)
      }
    },
  )
}

export function registerListScans(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'list_scans',
    {
      title: 'List scans',
      description: 'The scans run in this session, newest first: scanId, target, score, grade and findings by severity.',
      inputSchema: listScansShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      try {
        const scans = ctx.store.list(args.target).slice(0, args.limit).map(listItemOf)
        const text = scans.length
          ? scans.map((s) => `${s.scanId}  ${s.startedAt}  ${s.target}  ${s.score}/100 ${s.grade ?? '— (fixation not tested)'}  ${s.findings} finding(s)`).join('\n')
          : 'No scans in this session yet; run scan_target.'
        return toolResult(text, { scans })
      } catch (err) {
        return toolError(err)
      }
    },
  )
}
