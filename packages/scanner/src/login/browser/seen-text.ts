// A reader of a picture sees letters, not code points: the same secret can be written with other
// code points that draw the same (mathematical or full-width letters, a combining mark, an invisible
// joiner, a right-to-left override that draws a reversed string in reading order). The page check
// searches every form below, and refuses what it cannot fold.

/** The text as drawn for a reader: compatibility forms folded, marks and invisible characters dropped. */
function folded(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .normalize('NFKC')
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
}

/**
 * The forms of a page's text to search for secrets: as read, folded, and folded and reversed (a
 * bidirectional override, `direction: rtl` with `unicode-bidi: bidi-override` or `<bdo dir=rtl>`,
 * draws a reversed string in reading order).
 */
export function seenForms(text: string): string[] {
  const f = folded(text)
  return [text, f, [...f].reverse().join('')]
}

/**
 * Whether the text holds a letter or digit that stays outside ASCII once folded: a Cyrillic `ѕ` or `а`,
 * a Greek `ο`, a Latin `ı` draw like the ASCII letters of a session id, and no table of look-alikes is
 * complete, so such a page gets no picture (accented Latin letters fold to ASCII and pass).
 */
export function lookAlikeLetters(text: string): boolean {
  return /(?![\x00-\x7f])[\p{L}\p{N}]/u.test(folded(text))
}
