import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { ConfigError, gate, render, resolveConfig, scan, type Format } from '@sessionguard/scanner'
import { resolveToolInput } from '../credentials.js'
import { scanTargetShape, type ScanTargetArgs } from '../input-schema.js'
import { scrubValue } from '../scrub.js'
import { briefOf, summaryText } from '../summary.js'
import type { ToolContext } from './context.js'
import { progressForwarder } from './progress.js'
import { toolError, toolResult } from './result.js'

export function registerScanTarget(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'scan_target',
    {
      title: 'Scan a web app for session fixation',
      description:
        'Attacks the session handling of a running web app or API the way an attacker would (planted and replayed ' +
        'session ids, login/logout lifecycle, cookie attributes, optionally token randomness) and reports what was ' +
        'proven, with a 0-100 score and A-F grade. Same options as `sessionguard scan` and its YAML config. ' +
        'Give login (url, check url, credentials with password_env) for the fixation checks. ' +
        `Allowed targets: ${ctx.allow.entries.join(', ')}. Sends real requests, logs in and out with the test account.`,
      inputSchema: scanTargetShape,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args, extra) => {
      let secrets: string[] = []
      try {
        const a = args as ScanTargetArgs
        try {
          new URL(a.target)
        } catch {
          throw new ConfigError(`target is not a valid URL: ${JSON.stringify(a.target)} (expected e.g. http://127.0.0.1:3000)`)
        }
        ctx.allow.assertAllowed(a.target)
        const resolved = resolveToolInput(a as Record<string, unknown>, ctx.env)
        secrets = resolved.secrets
        const config = resolveConfig(resolved.config)
        const raw = await scan(config, { onProgress: progressForwarder(extra), signal: extra.signal })
        const report = scrubValue(raw, secrets)
        const verdict =
          config.fail_on !== undefined || config.threshold !== undefined || config.require.length > 0
            ? gate(report, { ...(config.fail_on ? { failOn: config.fail_on } : {}), ...(config.threshold !== undefined ? { threshold: config.threshold } : {}), require: config.require })
            : undefined
        const stored = { report, ...(verdict ? { gate: verdict } : {}) }
        ctx.store.add(stored)
        const texts = [summaryText(briefOf(stored))]
        if (ctx.recorder) {
          try {
            await ctx.recorder.save(report, { source: 'mcp' })
          } catch (err) {
            texts[0] += `\n(The scan was not recorded in the history: ${err instanceof Error ? err.message : String(err)}.)`
          }
        }
        if (a.format) texts.push(render(report, a.format as Format, { color: false }))
        return toolResult(texts, { ...briefOf(stored) }, secrets)
      } catch (err) {
        return toolError(err, secrets)
      }
    },
  )
}
