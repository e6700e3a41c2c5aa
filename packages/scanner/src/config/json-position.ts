// Node 20's JSON.parse says what is wrong but not where. A JSON file a user hands over (a baseline
// report) gets its error as file:line:col like every other file, so the offset is found here: a
// recursive-descent reader that stops at the first byte JSON does not allow.

const WS = new Set([' ', '\t', '\n', '\r'])
const LITERALS = ['true', 'false', 'null']
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y

class Stop {
  constructor(readonly at: number) {}
}

/** The offset of the first character that makes `text` invalid JSON, or undefined when it is valid. */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0
  const space = (): void => {
    while (i < text.length && WS.has(text[i]!)) i++
  }
  const match = (re: RegExp): boolean => {
    re.lastIndex = i
    if (!re.test(text)) return false
    i = re.lastIndex
    return true
  }
  const value = (depth: number): void => {
    if (depth > 512) throw new Stop(i)
    space()
    const c = text[i]
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']'
      i++
      space()
      if (text[i] === close) return void i++
      for (;;) {
        if (c === '{') {
          space()
          if (!match(STRING)) throw new Stop(i)
          space()
          if (text[i] !== ':') throw new Stop(i)
          i++
        }
        value(depth + 1)
        space()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === close) return void i++
        throw new Stop(i)
      }
    }
    if (c === '"') {
      if (!match(STRING)) throw new Stop(i)
      return
    }
    const literal = LITERALS.find((l) => text.startsWith(l, i))
    if (literal) return void (i += literal.length)
    if (!match(NUMBER)) throw new Stop(i)
  }
  try {
    value(0)
    space()
    return i < text.length ? i : undefined
  } catch (err) {
    if (err instanceof Stop) return Math.min(err.at, text.length)
    throw err
  }
}
