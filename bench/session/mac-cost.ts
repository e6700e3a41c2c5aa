// Microseconds per cookie MAC operation in this process, beside the SHA-256 each cookie costs anyway,
// and what a crafted Cookie header full of forged signed values costs a request to refuse.
import { randomBytes } from 'node:crypto'
import { createSessionManager, generateToken, hashToken, MemoryStore } from '@sessionguard/session'
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

/** A 16 KB Cookie header of forged `sid=` values shaped like signed tokens (172 of them, the attack). */
function forgedHeader(): string {
  const values: string[] = []
  for (let length = 0; length + 93 < 16 * 1024; length += 93) values.push(`sid=${generateToken()}.${generateToken()}`)
  return values.join('; ')
}

/** Microseconds to refuse one request carrying the forged header, through the manager as an adapter calls it. */
function refusalCost(secrets: number | undefined, header: string, n: number): number {
  const sessions = createSessionManager({
    store: new MemoryStore(),
    cookie: { secure: false, ...(secrets === undefined ? {} : { secrets: Array.from({ length: secrets }, () => randomBytes(32)) }) },
  })
  return perOp(n, () => sessions.loadNow(header))
}

export function macCost(n = 50_000): {
  sign: number
  verifyOne: number
  verifyTwo: number
  hash: number
  forged: { values: number; noMac: number; oneSecret: number; fourSecrets: number }
} {
  const first = randomBytes(32)
  const one = new CookieMac([first], 'sid')
  const two = new CookieMac([first, randomBytes(32)], 'sid')
  const tokens = Array.from({ length: 1024 }, () => generateToken())
  const signed = tokens.map((t) => one.sign(t))
  const header = forgedHeader()
  const rounds = Math.max(200, Math.floor(n / 50))
  return {
    sign: perOp(n, (i) => one.sign(tokens[i & 1023]!)),
    verifyOne: perOp(n, (i) => one.verify(signed[i & 1023]!)),
    verifyTwo: perOp(n, (i) => two.verify(signed[i & 1023]!)),
    hash: perOp(n, (i) => hashToken(tokens[i & 1023]!)),
    forged: {
      values: header.split(';').length,
      noMac: refusalCost(undefined, header, rounds),
      oneSecret: refusalCost(1, header, rounds),
      fourSecrets: refusalCost(4, header, rounds),
    },
  }
}
