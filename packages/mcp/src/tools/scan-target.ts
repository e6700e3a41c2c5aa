import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { ConfigError, assess, render, resolveConfig, type Format, type ScanReport } from '@sessionguard/scanner'
import { resolveToolInput } from '../credentials.js'
import { assertWithinMcpBounds, scanTargetShape, type ScanTargetArgs } from '../input-schema.js'
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
        'proven, with a 0-100 score and an A-F grade (null, no letter, when no fixation check could run). Same options as `sessionguard scan` and its YAML config. ' +
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
        // an identity provider the browser may visit is a place the scan reaches too: the same allow-list holds
        for (const origin of a.scope.login_origins ?? []) ctx.allow.assertAllowed(origin, 'scope.login_origins entry')
        const resolved = resolveToolInput(a as Record<string, unknown>, ctx.env, ctx.envPrefix)
        secrets = resolved.secrets
        const config = resolveConfig(resolved.config)
        assertWithinMcpBounds(config)
        const recorder = ctx.recorder
        const { report, verdict, gated, historyError } = await assess(config, {
          onProgress: progressForwarder(extra),
          signal: extra.signal,
          ...(ctx.browser ? { browser: ctx.browser } : {}),
          redact: (raw) => scrubValue(raw, secrets),
          ...(recorder ? { history: { save: (r: ScanReport) => recorder.save(r, { source: 'mcp' }) } } : {}),
        })
        const stored = { report, ...(gated ? { gate: verdict } : {}) }
        ctx.store.add(stored)
        const texts = [summaryText(briefOf(stored))]
        if (historyError !== undefined) {
          texts[0] += `\n(The scan was not recorded in the history: ${historyError instanceof Error ? historyError.message : String(historyError)}.)`
        }
        if (a.format) texts.push(render(report, a.format as Format, { color: false }))
        return toolResult(texts, { ...briefOf(stored) }, secrets)
      } catch (err) {
        return toolError(err, secrets)
      }
    },
  )
}
