import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { isSessionguardError, maskCredentialParams } from '@sessionguard/scanner'
import { fenceUntrusted, UNTRUSTED_NOTICE } from '../fence.js'
import { scrubText, scrubValue } from '../scrub.js'

/**
 * A tool's answer: the structured result plus the text a person would read. Unless the result is
 * only the tool's own knowledge (`untrusted: false`), each text is fenced as target data and the
 * structured result carries the same label.
 */
export function toolResult(text: string | string[], structured: Record<string, unknown>, secrets: readonly string[] = [], opts: { untrusted?: boolean } = {}): CallToolResult {
  const texts = Array.isArray(text) ? text : [text]
  const untrusted = opts.untrusted ?? true
  return {
    content: texts.map((t) => ({ type: 'text' as const, text: untrusted ? fenceUntrusted(scrubText(t, secrets)) : scrubText(t, secrets) })),
    structuredContent: scrubValue(untrusted ? { untrustedData: UNTRUSTED_NOTICE, ...structured } : structured, secrets),
  }
}

/**
 * A failure the assistant can act on: the message says what to change. Errors are results, not
 * protocol errors, so the model sees them (the MCP spec's advice for tool execution errors).
 */
export function toolError(err: unknown, secrets: readonly string[] = []): CallToolResult {
  // a URL's credential parameters too, whether or not the scan had learned them when it failed
  const message = maskCredentialParams(scrubText(err instanceof Error ? err.message : String(err), secrets))
  // not an error class: the code of a failure no sessionguard error describes (a bug, reported rather than thrown)
  const code = isSessionguardError(err) ? err.code : 'SG_MCP_INTERNAL'
  return {
    isError: true,
    // a scan error can quote the target (a login page's answer, a redirect), so it is fenced too
    content: [{ type: 'text', text: fenceUntrusted(`${message} [${code}]`) }],
    structuredContent: { error: { code, message } },
  }
}
