import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { CHECKS, type FrameworkId, type References } from '@sessionguard/scanner'
import { remediationFor } from '@sessionguard/scanner/knowledge'
import { explainShape } from '../input-schema.js'
import type { ToolContext } from './context.js'
import { findScan } from './get-scan.js'
import { toolError, toolResult } from './result.js'

const REFERENCE_LABELS: Record<keyof References, string> = {
  cwe: 'CWE',
  owaspTop10: 'OWASP Top 10',
  owaspApi: 'OWASP API Top 10',
  asvs: 'ASVS',
  pciDss: 'PCI DSS',
  soc2: 'SOC 2',
}

export function registerExplainFinding(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'explain_finding',
    {
      title: 'Explain a finding and how to fix it',
      description:
        'What a sessionguard check proves, how the scanner proves it, the standards it maps to (CWE, OWASP, ASVS, PCI DSS, SOC 2) ' +
        'and the remediation written for a framework (given, or the one detected in scan_id).',
      inputSchema: explainShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      try {
        const framework: FrameworkId = args.framework ?? (args.scan_id ? (await findScan(ctx, args.scan_id)).report.framework.id : 'generic')
        const check = CHECKS[args.check_id]
        const remediation = remediationFor(args.check_id, framework)
        const refs = (Object.keys(REFERENCE_LABELS) as Array<keyof References>)
          .filter((k) => check.references[k].length > 0)
          .map((k) => `${REFERENCE_LABELS[k]}: ${check.references[k].join(', ')}`)
        const text = [
          `${check.id}: ${check.title} (default severity ${check.severity}, ${check.category})`,
          check.description,
          `Fix (${remediation.framework}): ${remediation.text}`,
          ...(remediation.snippet ? ['```', remediation.snippet, '```'] : []),
          `References: ${refs.join('; ')}`,
          ...(check.enableWith ? [`Runs when the scan has: ${check.enableWith}`] : []),
        ].join('\n')
        return toolResult(text, {
          id: check.id,
          title: check.title,
          category: check.category,
          severity: check.severity,
          description: check.description,
          requires: check.requires,
          ...(check.enableWith ? { enableWith: check.enableWith } : {}),
          references: check.references,
          remediation,
        }, [], { untrusted: false })
      } catch (err) {
        return toolError(err)
      }
    },
  )
}
