// Escaping for the markup formats. Kept apart from text.ts because each format has its own rules:
// HTML/XML need entities, XML also forbids some code points outright, Markdown needs its own
// metacharacters neutralised and fences that cannot be closed early.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for HTML/XML element content and quoted attribute values alike. */
export function escapeMarkup(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!)
}

// XML 1.0 allows #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; anything
// else makes the whole document unparseable, so it is replaced rather than escaped.
const XML_INVALID = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu

export function xmlText(s: string): string {
  return escapeMarkup(s.replace(XML_INVALID, '\uFFFD'))
}

/** Markdown inline text: HTML escaped (GitHub renders inline HTML) and Markdown metacharacters neutralised. */
export function mdText(s: string): string {
  // Markdown first: escaping after the entities would turn &#39; into &\#39;, shown as is
  return escapeMarkup(s.replace(/[\\`*_[\]{}()#+!|~]/g, (c) => `\\${c}`))
}

/** A fenced code block whose fence is longer than any backtick run inside, so the content cannot close it. */
export function mdFence(content: string, lang = ''): string {
  const longest = Math.max(0, ...Array.from(content.matchAll(/`+/g), (m) => m[0].length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}${lang}\n${content}\n${fence}`
}

/** Inline code span that survives backticks inside the value. */
export function mdCode(s: string): string {
  const longest = Math.max(0, ...Array.from(s.matchAll(/`+/g), (m) => m[0].length))
  const ticks = '`'.repeat(longest + 1)
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : ''
  return `${ticks}${pad}${s}${pad}${ticks}`
}
