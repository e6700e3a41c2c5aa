// MD5 (RFC 1321), SHA-1 and SHA-256 (FIPS 180-4) of short ASCII strings, in plain JavaScript. The
// hash search tries tens of thousands of candidates of a few bytes each; a call into node:crypto and a
// hex string per candidate cost several times the compression function itself, so the search hashes
// here and compares 32-bit words. Checked against node:crypto in the test suite.

import { hash } from 'node:crypto'
import type { HashAlgorithm } from '../types.js'

/** Digest length in 32-bit words. */
export const DIGEST_WORDS: Record<HashAlgorithm, number> = { md5: 4, sha1: 5, sha256: 8 }

// one message buffer reused by every call: the hashes are synchronous and not re-entrant
const MSG = new Uint8Array(128)

/** Most input bytes the buffer takes (two blocks less the padding). */
const MAX_INPUT = 119

/** Pads the `n` input bytes already in MSG into one or two 64-byte blocks; returns the padded length. */
function pad(n: number, bigEndianLength: boolean): number {
  const total = n + 9 <= 64 ? 64 : 128
  MSG[n] = 0x80
  MSG.fill(0, n + 1, total)
  const bits = n * 8
  if (bigEndianLength) {
    MSG[total - 2] = bits >>> 8
    MSG[total - 1] = bits & 0xff
  } else {
    MSG[total - 8] = bits & 0xff
    MSG[total - 7] = bits >>> 8
  }
  return total
}

/** Writes an ASCII string into the input buffer at `at`; returns the end, or −1 when it does not fit or is not ASCII. */
export function writeAscii(at: number, s: string): number {
  if (at < 0 || at + s.length > MAX_INPUT) return -1
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c > 127) return -1
    MSG[at + i] = c
  }
  return at + s.length
}

/** Writes a safe integer in decimal (as String(x) would) into the input buffer at `at`; returns the end, or −1. */
export function writeInteger(at: number, x: number): number {
  if (at < 0) return -1
  if (x < 0) {
    if (at + 1 > MAX_INPUT) return -1
    MSG[at] = 45 // '-'
    return writeInteger(at + 1, -x)
  }
  let digits = 1
  for (let p = 10; p <= x; p *= 10) digits++
  if (at + digits > MAX_INPUT) return -1
  let v = x
  for (let i = at + digits - 1; i >= at; i--) {
    const q = Math.floor(v / 10)
    MSG[i] = 48 + (v - q * 10)
    v = q
  }
  return at + digits
}

/** Falls back to node:crypto for inputs the fast path does not take (long or non-ASCII). */
function slow(algorithm: HashAlgorithm, input: string, out: Int32Array): void {
  const d = hash(algorithm, input, 'buffer')
  for (let i = 0; i < DIGEST_WORDS[algorithm]; i++) out[i] = d.readInt32BE(i * 4)
}

const bswap = (x: number): number => ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)

const MD5_K = new Int32Array(64)
for (let i = 0; i < 64; i++) MD5_K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0
const MD5_S = Int32Array.from([7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21])
const W = new Int32Array(80)

function md5(length: number, out: Int32Array): void {
  const total = pad(length, false)
  let a0 = 0x67452301
  let b0 = 0xefcdab89 | 0
  let c0 = 0x98badcfe | 0
  let d0 = 0x10325476
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) {
      const p = off + i * 4
      W[i] = MSG[p]! | (MSG[p + 1]! << 8) | (MSG[p + 2]! << 16) | (MSG[p + 3]! << 24)
    }
    let a = a0
    let b = b0
    let c = c0
    let d = d0
    // the four rounds as four loops: no branch on the round inside the 64 steps
    for (let i = 0; i < 16; i++) {
      const x = (a + ((b & c) | (~b & d)) + MD5_K[i]! + W[i]!) | 0
      const s = MD5_S[i & 3]!
      a = d
      d = c
      c = b
      b = (b + ((x << s) | (x >>> (32 - s)))) | 0
    }
    for (let i = 16; i < 32; i++) {
      const x = (a + ((d & b) | (~d & c)) + MD5_K[i]! + W[(5 * i + 1) & 15]!) | 0
      const s = MD5_S[4 + (i & 3)]!
      a = d
      d = c
      c = b
      b = (b + ((x << s) | (x >>> (32 - s)))) | 0
    }
    for (let i = 32; i < 48; i++) {
      const x = (a + (b ^ c ^ d) + MD5_K[i]! + W[(3 * i + 5) & 15]!) | 0
      const s = MD5_S[8 + (i & 3)]!
      a = d
      d = c
      c = b
      b = (b + ((x << s) | (x >>> (32 - s)))) | 0
    }
    for (let i = 48; i < 64; i++) {
      const x = (a + (c ^ (b | ~d)) + MD5_K[i]! + W[(7 * i) & 15]!) | 0
      const s = MD5_S[12 + (i & 3)]!
      a = d
      d = c
      c = b
      b = (b + ((x << s) | (x >>> (32 - s)))) | 0
    }
    a0 = (a0 + a) | 0
    b0 = (b0 + b) | 0
    c0 = (c0 + c) | 0
    d0 = (d0 + d) | 0
  }
  // MD5 writes its words little-endian: as big-endian digest words they are byte-swapped
  out[0] = bswap(a0)
  out[1] = bswap(b0)
  out[2] = bswap(c0)
  out[3] = bswap(d0)
}

function loadBigEndian(off: number): void {
  for (let i = 0; i < 16; i++) {
    const p = off + i * 4
    W[i] = (MSG[p]! << 24) | (MSG[p + 1]! << 16) | (MSG[p + 2]! << 8) | MSG[p + 3]!
  }
}

function sha1(length: number, out: Int32Array): void {
  const total = pad(length, true)
  let h0 = 0x67452301
  let h1 = 0xefcdab89 | 0
  let h2 = 0x98badcfe | 0
  let h3 = 0x10325476
  let h4 = 0xc3d2e1f0 | 0
  for (let off = 0; off < total; off += 64) {
    loadBigEndian(off)
    for (let i = 16; i < 80; i++) {
      const x = W[i - 3]! ^ W[i - 8]! ^ W[i - 14]! ^ W[i - 16]!
      W[i] = (x << 1) | (x >>> 31)
    }
    let a = h0
    let b = h1
    let c = h2
    let d = h3
    let e = h4
    // the four rounds as four loops: no branch on the round inside the 80 steps
    for (let i = 0; i < 20; i++) {
      const t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[i]!) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = t
    }
    for (let i = 20; i < 40; i++) {
      const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[i]!) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = t
    }
    for (let i = 40; i < 60; i++) {
      const t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + W[i]!) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = t
    }
    for (let i = 60; i < 80; i++) {
      const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + W[i]!) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = t
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
  }
  out[0] = h0
  out[1] = h1
  out[2] = h2
  out[3] = h3
  out[4] = h4
}

const SHA256_K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
])
const SHA256_H = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19])

function sha256(length: number, out: Int32Array): void {
  const total = pad(length, true)
  let h0 = SHA256_H[0]!
  let h1 = SHA256_H[1]!
  let h2 = SHA256_H[2]!
  let h3 = SHA256_H[3]!
  let h4 = SHA256_H[4]!
  let h5 = SHA256_H[5]!
  let h6 = SHA256_H[6]!
  let h7 = SHA256_H[7]!
  for (let off = 0; off < total; off += 64) {
    loadBigEndian(off)
    for (let i = 16; i < 64; i++) {
      const x = W[i - 15]!
      const y = W[i - 2]!
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)
      W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0
    }
    let a = h0
    let b = h1
    let c = h2
    let d = h3
    let e = h4
    let f = h5
    let g = h6
    let h = h7
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + SHA256_K[i]! + W[i]!) | 0
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0
      h = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
    h5 = (h5 + f) | 0
    h6 = (h6 + g) | 0
    h7 = (h7 + h) | 0
  }
  out[0] = h0
  out[1] = h1
  out[2] = h2
  out[3] = h3
  out[4] = h4
  out[5] = h5
  out[6] = h6
  out[7] = h7
}

const BUFFER_HASHERS: Record<HashAlgorithm, (length: number, out: Int32Array) => void> = { md5, sha1, sha256 }

/**
 * Writes the digest of the first `length` bytes of the input buffer (filled with writeAscii and
 * writeInteger) into `out` as big-endian signed 32-bit words: digest bytes 0–3 are out[0].
 */
export function hashInput(algorithm: HashAlgorithm, length: number, out: Int32Array): void {
  BUFFER_HASHERS[algorithm](length, out)
}

/** The digest of a string (UTF-8), as hashInput writes it. */
export function hashWords(algorithm: HashAlgorithm, input: string, out: Int32Array): void {
  const length = writeAscii(0, input)
  if (length < 0) return slow(algorithm, input, out)
  BUFFER_HASHERS[algorithm](length, out)
}
