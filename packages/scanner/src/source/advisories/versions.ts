// Version order for the three ecosystems, as far as advisories need it: numeric release segments
// compared one by one, and a pre-release (1.8a1, 2.7.0rc2, 1.0.0-beta.1) before its release. npm
// build metadata (+…) and Python local versions (+…) are ignored, epochs (1!2.0) come first.

interface Parsed {
  epoch: number
  release: number[]
  /** undefined for a final release; otherwise the pre-release tag, ordered dev < a < b < rc < other */
  pre?: Array<number | string>
  post: number
}

const PRE_ORDER: Record<string, number> = { dev: 0, alpha: 1, a: 1, beta: 2, b: 2, c: 3, rc: 3, pre: 3, preview: 3 }

export function parseVersion(raw: string): Parsed | undefined {
  let v = raw.trim().toLowerCase().replace(/^v/, '').split('+')[0]!
  let epoch = 0
  const bang = v.indexOf('!')
  if (bang > 0) {
    epoch = Number(v.slice(0, bang))
    v = v.slice(bang + 1)
  }
  const m = /^(\d+(?:\.\d+)*)(.*)$/.exec(v)
  if (!m) return undefined
  const release = m[1]!.split('.').map(Number)
  let rest = m[2]!.replace(/^[-_.]/, '')
  let post = 0
  const postMatch = /(?:^|[-_.])(?:post|rev|r)(\d*)$/.exec(rest)
  if (postMatch) {
    post = Number(postMatch[1] || 0) + 1
    rest = rest.slice(0, postMatch.index).replace(/[-_.]$/, '')
  }
  if (!rest) return { epoch, release, post }
  const pre = rest
    .split(/[-_.]|(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p))
  return { epoch, release, pre, post }
}

function cmpPre(a: Array<number | string>, b: Array<number | string>): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i]
    const y = b[i]
    if (x === undefined) return -1
    if (y === undefined) return 1
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return x - y
    } else if (typeof x === 'string' && typeof y === 'string') {
      const ox = PRE_ORDER[x] ?? 4
      const oy = PRE_ORDER[y] ?? 4
      if (ox !== oy) return ox - oy
      if (x !== y) return x < y ? -1 : 1
    } else return typeof x === 'number' ? -1 : 1
  }
  return 0
}

/** Negative when a < b, 0 when equal, positive when a > b; undefined when either is not a version. */
export function compareVersions(a: string, b: string): number | undefined {
  const x = parseVersion(a)
  const y = parseVersion(b)
  if (!x || !y) return undefined
  if (x.epoch !== y.epoch) return x.epoch - y.epoch
  for (let i = 0; i < Math.max(x.release.length, y.release.length); i++) {
    const d = (x.release[i] ?? 0) - (y.release[i] ?? 0)
    if (d) return d
  }
  if (x.pre && !y.pre) return -1
  if (!x.pre && y.pre) return 1
  if (x.pre && y.pre) {
    const d = cmpPre(x.pre, y.pre)
    if (d) return d
  }
  return x.post - y.post
}

export function inRange(version: string, range: { introduced?: string; fixed?: string }): boolean {
  const lo = range.introduced && range.introduced !== '0' ? compareVersions(version, range.introduced) : 0
  const hi = range.fixed ? compareVersions(version, range.fixed) : -1
  if (lo === undefined || hi === undefined) return false
  return lo >= 0 && hi < 0
}
