import { isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml'

export type KeyPath = Array<string | number>

/** 1-based line and column, as editors and compilers print them (`file:line:col`). */
export interface Position {
  line: number
  col: number
  /** False when the path does not exist in the file: the position is that of its deepest key that does (a missing key's parent). */
  exact: boolean
}

/** Maps a key path to where it is written in the file it came from, for error messages. */
export type PositionOf = (path: KeyPath) => Position | undefined

/**
 * Where a key path is written: the key itself for a mapping entry (`timeout:` rather than its value,
 * which for a nested mapping starts a line later), the item for a list entry. A path the file does not
 * have (a missing key, a key from a flag) resolves to its deepest existing key.
 */
export function positionOf(doc: Document, lines: LineCounter, path: KeyPath): Position | undefined {
  let node: unknown = doc.contents
  let offset: number | undefined
  let exact = true
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key)
      const start = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined
      if (!pair || start === undefined) {
        exact = false
        break
      }
      offset = start
      node = pair.value
    } else if (isSeq(node) && typeof key === 'number' && node.items[key]) {
      const item = node.items[key] as { range?: [number, number, number] }
      if (!item.range) {
        exact = false
        break
      }
      offset = item.range[0]
      node = item
    } else {
      exact = false
      break
    }
  }
  if (offset === undefined) return path.length === 0 ? { line: 1, col: 1, exact: true } : undefined
  const { line, col } = lines.linePos(offset)
  return { line, col, exact }
}

/** `file:line:col` (`file:line` when only the line is known, `file` alone when neither is). */
export function where(source: string, pos: Pick<Position, 'line' | 'col'> | undefined): string {
  return pos ? `${source}:${pos.line}${pos.col ? `:${pos.col}` : ''}` : source
}
