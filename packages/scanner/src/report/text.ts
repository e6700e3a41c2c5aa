// Everything a renderer prints that came from the target (headers, bodies, URLs) passes through
// here first: a hostile server controls those bytes, and a report must neither run them (terminal
// escapes, markup) nor grow without bound.

import { stripControls } from '../text/controls.js'

export { stripControls }

/** One line of text: controls removed, every run of whitespace (newlines included) collapsed to a space. */
export function oneLine(s: string): string {
  return stripControls(s.replace(/\s+/g, ' ')).trim()
}

/** Cuts to at most `max` characters (counted in code points, so a surrogate pair is never split), marking the cut. */
export function clip(s: string, max: number): string {
  const chars = Array.from(s)
  if (chars.length <= max) return s
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`
}

/** Untrusted text made safe for one line of any report: controls out, whitespace collapsed, length capped. */
export function untrusted(s: string, max: number): string {
  return clip(oneLine(s), max)
}

/** "850 ms", "1.24 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`
  const min = Math.floor(ms / 60_000)
  return `${min} min ${Math.round((ms % 60_000) / 1000)} s`
}

/** Greedy word wrap for prose; words longer than the width are left whole rather than broken. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  for (const para of text.split('\n')) {
    let line = ''
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line)
        line = word
      } else {
        line = line ? `${line} ${word}` : word
      }
    }
    lines.push(line)
  }
  return lines
}
