// A value the target chose (a double-submit CSRF cookie) that the scanner copies into a request
// header. The target decides its bytes, so decoding may fail (`%E0%A4%A`) and the decoded text may
// hold CR/LF or other bytes no header may carry; either must not end the scan.

/** Characters a header value may hold (RFC 9110 field-value: VCHAR, obs-text, SP, HTAB). */
const HEADER_SAFE = /^[\t\x20-\x7e\x80-\xff]*$/

/** The value to send in a header: percent-decoded when it decodes, as given when not; undefined when no header can carry it. */
export function headerValueFrom(value: string): string | undefined {
  let decoded = value
  try {
    decoded = decodeURIComponent(value)
  } catch {
    // not valid percent-encoding: the server compares what it set, so the value as given is the best guess
  }
  if (HEADER_SAFE.test(decoded)) return decoded
  return HEADER_SAFE.test(value) ? value : undefined
}
