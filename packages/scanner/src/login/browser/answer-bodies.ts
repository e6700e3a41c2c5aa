import type { BrowserContext, Page } from 'playwright-core'

/** Bodies kept: at most this many per URL, for this many URLs, each cut past max_body (a page chooses how many it asks for). */
const PER_URL = 8
const URLS = 256

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

  static async attach(context: BrowserContext, page: Page, maxBody: number): Promise<AnswerBodies> {
    const out = new AnswerBodies()
    try {
      const cdp = await context.newCDPSession(page)
      cdp.on('Fetch.requestPaused', (e: { requestId: string; request: { url: string }; responseStatusCode?: number }) => {
        void (async () => {
          try {
            const status = e.responseStatusCode ?? 0
            if (status > 0 && !(status >= 300 && status < 400) && (out.byUrl.has(e.request.url) || out.byUrl.size < URLS)) {
              const { body, base64Encoded } = (await cdp.send('Fetch.getResponseBody', { requestId: e.requestId })) as {
                body: string
                base64Encoded: boolean
              }
              const buf = Buffer.from(body, base64Encoded ? 'base64' : 'utf8').subarray(0, maxBody + 1)
              const list = out.byUrl.get(e.request.url) ?? []
              if (list.length < PER_URL) list.push(buf)
              out.byUrl.set(e.request.url, list)
            }
          } catch {
            // no body (an empty answer, a closed page): nothing kept
          }
          await cdp.send('Fetch.continueResponse', { requestId: e.requestId }).catch(() => undefined)
        })()
      })
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
    const list = this.byUrl.get(url)
    return list?.shift()
  }
}
