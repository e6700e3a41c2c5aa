import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { isSessionguardError } from '@sessionguard/scanner'
import { scrubText, scrubValue } from '../scrub.js'

/** A tool's answer: the structured result plus the text a person would read. */
export function toolResult(text: string | string[], structured: Record<string, unknown>, secrets: readonly string[] = []): CallToolResult {
  const texts = Array.isArray(text) ? text : [text]
  return {
    content: texts.map((t) => ({ type: 'text' as const, text: scrubText(t, secrets) })),
    structuredContent: scrubValue(structured, secrets),
  }
}

/**
 * A failure the assistant can act on: the message says what to change. Errors are results, not
 * protocol errors, so the model sees them (the MCP spec's advice for tool execution errors).
 */
export function toolError(err: unknown, secrets: readonly string[] = []): CallToolResult {
  const message = scrubText(err instanceof Error ? err.message : String(err), secrets)
  // not an error class: the code of a failure no sessionguard error describes (a bug, reported rather than thrown)
  const code = isSessionguardError(err) ? err.code : 'SG_MCP_INTERNAL'
  return {
    isError: true,
    content: [{ type: 'text', text: `${message} [${code}]` }],
    structuredContent: { error: { code, message } },
  }
}
