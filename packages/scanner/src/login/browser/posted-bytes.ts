// The bytes the browser of a browser login posts a typed password in, for every encoding a login page
// can make it post in (a `<meta charset>`, a Content-Type charset, a form's accept-charset). They are
// taken from that very Chromium, not from tables: its encoders are the only ones that post the
// password, and tables built apart from them differ for some characters (Big5's 十, Shift_JIS's ¥,
// EUC-KR's extended Hangul) and cannot follow stateful ones (ISO-2022-JP's escapes, which depend on
// the neighbouring characters, and GB18030's four-byte sequences).
//
// How: in a context of its own, whose every request is answered by a route (nothing reaches the
// network or the target, and no page of the target is ever in it), one page holds a form per
// encoding, each naming it in accept-charset (Chromium then posts in it whatever the page's own
// charset is, as it does from a page declaring it) and targeting a frame of its own, so that every
// form is submitted at once. Each form is multipart: the route reads the password's bytes as they are.
import { withoutWebRtc } from './no-webrtc.js'
import type { Browser, BrowserContext } from 'playwright-core'

/**
 * Every encoding WHATWG lets a page or a form choose, bar those whose forms post UTF-8 (UTF-8 itself,
 * UTF-16BE/LE and replacement, which also every unknown label of accept-charset falls back to the
 * page's encoding, one of these). windows-1252 is the encoding of a page that declares none.
 */
export const FORM_ENCODINGS = [
  'ibm866',
  'iso-8859-2',
  'iso-8859-3',
  'iso-8859-4',
  'iso-8859-5',
  'iso-8859-6',
  'iso-8859-7',
  'iso-8859-8',
  'iso-8859-8-i',
  'iso-8859-10',
  'iso-8859-13',
  'iso-8859-14',
  'iso-8859-15',
  'iso-8859-16',
  'koi8-r',
  'koi8-u',
  'macintosh',
  'windows-874',
  'windows-1250',
  'windows-1251',
  'windows-1252',
  'windows-1253',
  'windows-1254',
  'windows-1255',
  'windows-1256',
  'windows-1257',
  'windows-1258',
  'x-mac-cyrillic',
  'gbk',
  'gb18030',
  'big5',
  'euc-jp',
  'iso-2022-jp',
  'shift_jis',
  'euc-kr',
  'x-user-defined',
] as const

/** A host that never resolves; the route answers it before any lookup (and aborts everything else). */
const HOST = 'sg-charset.invalid'

/**
 * Whether a secret is posted as the same bytes in every encoding: printable ASCII only. (Not every
 * ASCII: ISO-2022-JP refuses ESC, SO and SI, and a password field drops line breaks.)
 */
export function samePostedEverywhere(secret: string): boolean {
  return /^[\x20-\x7e]*$/.test(secret)
}

export class PostedBytesError extends Error {}

/** The page: one frame and one form per encoding, a password field per secret (their values set by script, never in the page's text). */
function formsPage(secrets: number): string {
  const fields = Array.from({ length: secrets }, (_, j) => `<input type="password" name="p${j}">`).join('')
  return FORM_ENCODINGS.map(
    (label, i) =>
      `<iframe name="f${i}"></iframe><form method="post" enctype="multipart/form-data" accept-charset="${label}" target="f${i}" action="http://${HOST}/post/${i}">${fields}</form>`,
  ).join('')
}

/** The value of the multipart field `name` in `body`, as the bytes posted. */
function fieldValue(body: Buffer, boundary: string, name: string): Buffer | undefined {
  const head = Buffer.from(`Content-Disposition: form-data; name="${name}"\r\n\r\n`, 'latin1')
  const at = body.indexOf(head)
  if (at < 0) return undefined
  const from = at + head.length
  const end = body.indexOf(Buffer.from(`\r\n--${boundary}`, 'latin1'), from)
  return end < 0 ? undefined : body.subarray(from, end)
}

/**
 * For each secret, every distinct byte sequence Chromium posts it as from a form in one of
 * FORM_ENCODINGS (a character an encoding lacks as `&#NNN;`, as Chromium writes it). Throws
 * PostedBytesError when any encoding's post did not arrive in time or could not be read: the caller
 * must then not type the secret.
 */
export async function postedBytes(browser: Browser, secrets: string[], timeoutMs: number): Promise<Uint8Array[][]> {
  const posts = new Map<number, { body: Buffer; type: string }>()
  let context: BrowserContext | undefined
  try {
    context = await browser.newContext({ serviceWorkers: 'block', acceptDownloads: false })
    await withoutWebRtc(context)
    let arrived!: () => void
    const all = new Promise<void>((resolve) => (arrived = resolve))
    await context.route('**/*', async (route) => {
      const req = route.request()
      let url: URL | undefined
      try {
        url = new URL(req.url())
      } catch {
        // not a URL this page asks for
      }
      if (url?.host !== HOST) return route.abort()
      if (req.method() === 'GET' && url.pathname === '/')
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: formsPage(secrets.length) })
      const post = /^\/post\/(\d+)$/.exec(url.pathname)
      if (req.method() !== 'POST' || !post) return route.abort()
      posts.set(Number(post[1]), { body: req.postDataBuffer() ?? Buffer.alloc(0), type: (await req.allHeaders())['content-type'] ?? '' })
      if (posts.size === FORM_ENCODINGS.length) arrived()
      return route.fulfill({ status: 204 })
    })
    const page = await context.newPage()
    await page.goto(`http://${HOST}/`, { waitUntil: 'load', timeout: timeoutMs })
    await page.evaluate((values) => {
      for (const form of Array.from(document.forms)) {
        values.forEach((v, j) => ((form.elements.namedItem(`p${j}`) as HTMLInputElement).value = v))
        form.submit()
      }
    }, secrets)
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new PostedBytesError(`${FORM_ENCODINGS.length - posts.size} encodings did not post within ${timeoutMs} ms`)),
        timeoutMs,
      )
    })
    try {
      await Promise.race([all, late])
    } finally {
      clearTimeout(timer)
    }
  } catch (err) {
    throw err instanceof PostedBytesError
      ? err
      : new PostedBytesError(String((err as Error).message ?? err).split('\n')[0]!, { cause: err })
  } finally {
    await context?.close().catch(() => undefined)
  }
  return secrets.map((secret, j) => {
    const forms = new Map<string, Uint8Array>()
    FORM_ENCODINGS.forEach((label, i) => {
      const post = posts.get(i)!
      const boundary = /boundary=([^;\s]+)/.exec(post.type)?.[1]
      const value = boundary ? fieldValue(post.body, boundary, `p${j}`) : undefined
      if (!value) throw new PostedBytesError(`the ${label} form's post could not be read`)
      forms.set(value.toString('hex'), Uint8Array.from(value))
    })
    // the UTF-8 bytes have forms of their own already
    forms.delete(Buffer.from(secret, 'utf8').toString('hex'))
    return [...forms.values()]
  })
}
