import type { BrowserContext, Page } from 'playwright-core'

/** Bodies kept: at most this many per URL, for this many URLs, each cut past max_body (a page chooses how many it asks for). */
const PER_URL = 8
const URLS = 256
/** All kept bodies together stay under this (each is cut at max_body; a page chooses how many answers it gets). */
const TOTAL = 64 * 1024 * 1024

/**
 * Answers not held to read: a stream (its body is complete only when it ends, and the page would get
 * nothing meanwhile) and an answer declared longer than max_body (reading it costs the whole transfer
 * for a cut the recorder would mark as cut anyway).
 */
function notRead(headers: Array<{ name: string; value: string }> | undefined, maxBody: number): boolean {
  for (const h of headers ?? []) {
    const name = h.name.toLowerCase()
    if (name === 'content-type' && /^\s*(text\/event-stream|application\/(x-)?ndjson|application\/jsonl)/i.test(h.value)) return true
    if (name === 'content-length' && Number(h.value) > maxBody) return true
  }
  return false
}

/**
 * The bodies of a page's fetch/XHR answers, read inside Chromium before the page gets them (CDP Fetch,
 * response stage). A page that reads its login answer and navigates away at once (an SPA storing its
 * token) leaves Playwright's response.body() nothing to read: Chromium drops a document's resources when
 * the next one commits. The answer says which value the target handed out (transfer.ts), so it must not
 * be lost to the page's timing. Interception only holds the answer while its body is read; it changes
 * nothing and does not route around the scan's proxy (the request has already been through it).
 */
export class AnswerBodies {
  private readonly byUrl = new Map<string, Buffer[]>()
  private total = 0

  static async attach(context: BrowserContext, page: Page, maxBody: number): Promise<AnswerBodies> {
    const out = new AnswerBodies()
    try {
      const cdp = await context.newCDPSession(page)
      cdp.on(
        'Fetch.requestPaused',
        (e: {
          requestId: string
          request: { url: string }
          responseStatusCode?: number
          responseHeaders?: Array<{ name: string; value: string }>
        }) => {
          void (async () => {
            try {
              const status = e.responseStatusCode ?? 0
              if (
                status > 0 &&
                !(status >= 300 && status < 400) &&
                !notRead(e.responseHeaders, maxBody) &&
                out.total < TOTAL &&
                (out.byUrl.has(e.request.url) || out.byUrl.size < URLS)
              ) {
                const { body, base64Encoded } = (await cdp.send('Fetch.getResponseBody', { requestId: e.requestId })) as {
                  body: string
                  base64Encoded: boolean
                }
                // a copy of the cut: a view would keep the whole decoded answer alive
                const buf = Buffer.from(Buffer.from(body, base64Encoded ? 'base64' : 'utf8').subarray(0, maxBody + 1))
                const list = out.byUrl.get(e.request.url) ?? []
                if (list.length < PER_URL && out.total + buf.length <= TOTAL) {
                  list.push(buf)
                  out.total += buf.length
                }
                out.byUrl.set(e.request.url, list)
              }
            } catch {
              // no body (an empty answer, a closed page): nothing kept
            }
            await cdp.send('Fetch.continueResponse', { requestId: e.requestId }).catch(() => undefined)
          })()
        },
      )
      await cdp.send('Fetch.enable', {
        patterns: [
          { urlPattern: '*', resourceType: 'Fetch', requestStage: 'Response' },
          { urlPattern: '*', resourceType: 'XHR', requestStage: 'Response' },
        ],
      })
    } catch {
      // no CDP session (the context closed): the recorder reads bodies as Playwright gives them
    }
    return out
  }

  /** The earliest body kept for `url` not taken yet. */
  take(url: string): Buffer | undefined {
    const buf = this.byUrl.get(url)?.shift()
    if (buf) this.total -= buf.length
    return buf
  }
}
