/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org) or --no-color given. */
export function useColor(allowed: boolean, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (!allowed) return false
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true
  return stream.isTTY === true
}
