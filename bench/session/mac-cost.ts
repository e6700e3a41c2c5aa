// Microseconds per cookie MAC operation in this process, beside the SHA-256 each cookie costs anyway.
import { randomBytes } from 'node:crypto'
import { generateToken, hashToken } from '@sessionguard/session'
import { CookieMac } from '../../packages/session/src/cookie/mac.js'

function perOp(n: number, op: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(n, 2000); i++) op(i) // warm-up
  const start = process.hrtime.bigint()
  let sink = 0
  for (let i = 0; i < n; i++) sink += op(i) ? 1 : 0
  const us = Number(process.hrtime.bigint() - start) / 1000 / n
  if (sink < 0) console.log(sink)
  return us
}

export function macCost(n = 50_000): { sign: number; verifyOne: number; verifyTwo: number; hash: number } {
  const first = randomBytes(32)
  const one = new CookieMac([first])
  const two = new CookieMac([first, randomBytes(32)])
  const tokens = Array.from({ length: 1024 }, () => generateToken())
  const signed = tokens.map((t) => one.sign(t))
  return {
    sign: perOp(n, (i) => one.sign(tokens[i & 1023]!)),
    verifyOne: perOp(n, (i) => one.verify(signed[i & 1023]!)),
    verifyTwo: perOp(n, (i) => two.verify(signed[i & 1023]!)),
    hash: perOp(n, (i) => hashToken(tokens[i & 1023]!)),
  }
}
