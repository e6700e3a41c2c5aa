// Evidence shows only the first bytes of a body. The cut must come after redaction: a secret the
// target reflects across the cut would otherwise be half-kept in clear (the redactor cannot match
// a secret it only sees the beginning of). So the engine records a longer raw excerpt and the
// redactor cuts it to the shown length once every secret in it is masked. Masking shortens a text, so
// for a body that may have been cut (OBSERVED_BODY characters or more) the redactor shows only what
// masking made of its first EXCERPT characters (redact.ts excerpt()).

/** Characters of a body shown in a report's evidence. */
export const EXCERPT = 600

/** Characters the engine keeps before redaction: the shown excerpt plus room for a secret in any encoding across its end. */
export const RAW_EXCERPT = EXCERPT + 4096

/** Characters of a body kept for the fingerprint (it reads the first 4 KiB); also a cut made before redaction. */
export const OBSERVED_BODY = 4096

/**
 * What ends a text cut before the redactor saw it (a body cut at scope.max_body, a quote in a message
 * cut to a few hundred characters). The redactor cannot match a secret of which it sees only the
 * beginning, so it withholds the characters just before each mark (Redactor cutEdge): a secret the cut
 * went through leaves no prefix, whatever length the cut was made at.
 */
export const CUT_MARK = '…[cut]'

/** `text` cut to `max` characters, the cut marked for the redactor when one was made. */
export function cutBeforeRedaction(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}${CUT_MARK}` : text
}

/** A text the transport cut (a body read only to scope.max_body), marked at its end. */
export function transportCut(text: string, truncated: boolean): string {
  return truncated ? `${text}${CUT_MARK}` : text
}
