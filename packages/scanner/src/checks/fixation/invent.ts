import { randomBytes, randomUUID } from 'node:crypto'

const ALPHABETS: Array<[RegExp, string]> = [
  [/^[0-9]+$/, '0123456789'],
  [/^[0-9a-f]+$/, '0123456789abcdef'],
  [/^[0-9A-F]+$/, '0123456789ABCDEF'],
  [/^[a-z0-9]+$/, 'abcdefghijklmnopqrstuvwxyz0123456789'],
  [/^[A-Za-z0-9]+$/, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'],
  [/^[A-Za-z0-9_-]+$/, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'],
]

function randomFrom(alphabet: string, length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length]
  return out
}

/**
 * An identifier the server never issued, shaped like the ones it does issue (same length and
 * alphabet, a UUID for UUIDs), so that a format check alone does not reject it: what is tested is
 * whether the server adopts an unknown id, not whether it validates syntax.
 */
export function inventLike(sample?: string): string {
  if (!sample) return randomFrom('0123456789abcdef', 32)
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sample)) {
    const u = randomUUID()
    return sample === sample.toUpperCase() ? u.toUpperCase() : u
  }
  const length = Math.min(Math.max(sample.length, 16), 256)
  for (const [shape, alphabet] of ALPHABETS) if (shape.test(sample)) return randomFrom(alphabet, length)
  return randomFrom(ALPHABETS[5]![1], length)
}
