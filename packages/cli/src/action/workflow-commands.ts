import { appendFile } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import { maskCredentialParams } from '@sessionguard/scanner'

// The runner's file and stdout protocols (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, ::commands::), written
// directly: the Action carries no toolkit dependency.

/** Appends outputs to the GITHUB_OUTPUT file in the multi-line form, safe for any value. */
export async function setOutputs(file: string | undefined, outputs: Record<string, string>): Promise<void> {
  if (!file) return
  let text = ''
  for (const [name, value] of Object.entries(outputs)) {
    let delimiter = `ghadelimiter_${randomUUID()}`
    while (value.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`
  }
  await appendFile(file, text, 'utf8')
}

/** GitHub shows at most 1 MiB of summary per step; past that the step's summary is dropped. */
const SUMMARY_LIMIT = 1024 * 1024 - 4096

export async function appendSummary(file: string | undefined, markdown: string): Promise<void> {
  if (!file) return
  let text = markdown
  if (Buffer.byteLength(text) > SUMMARY_LIMIT) {
    text = `${Buffer.from(text)
      .subarray(0, SUMMARY_LIMIT)
      .toString('utf8')
      .replace(/\uFFFD$/, '')}\n\n…(cut at GitHub's 1 MiB summary limit; the full report is the report output)\n`
  }
  await appendFile(file, text.endsWith('\n') ? text : `${text}\n`, 'utf8')
}

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

/** Asks the runner to hide a value in every later log line. */
export function mask(value: string): string {
  return `::add-mask::${escapeData(value)}\n`
}

/** An annotation on the run (shown on the workflow's summary page). */
export function annotation(level: 'error' | 'warning' | 'notice', message: string, title = 'sessionguard'): string {
  // an annotation is public to everyone who can read the run: no URL credential in it, whatever produced the message
  return `::${level} title=${escapeProperty(title)}::${escapeData(maskCredentialParams(message))}\n`
}
