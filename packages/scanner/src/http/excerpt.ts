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
