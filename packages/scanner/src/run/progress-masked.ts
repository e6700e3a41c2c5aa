import type { Observation } from '../http/client.js'
import type { Redactor } from '../http/redact.js'
import { storedCookieValue } from '../http/set-cookie.js'
import type { ProgressEvent } from '../model/progress.js'
import { learnResponseCredentials } from './response-credentials.js'
import { learnUrlCarried, type UrlCarrierNames } from './url-carried.js'

/**
 * The scan's progress for its caller, each line masked before it is printed. The report learns every
 * id the scan saw at the end; a progress line is printed during the scan, so each is masked with every
 * id a Set-Cookie or a URL carrier of the session carried so far (learned on the spot) and words shaped
 * like a known id (Redactor.progress). `observations` gives the engine's list once there is an engine,
 * `urlCarriers` the session's URL parameters once they are known.
 */
export function maskedProgress(
  redactor: Redactor,
  onProgress: ((e: ProgressEvent) => void) | undefined,
  observations: () => readonly Observation[] | undefined,
  urlCarriers: () => UrlCarrierNames | undefined = () => undefined,
): (e: ProgressEvent) => void {
  let learned = 0
  let urlLearned = 0
  let urlNames = ''
  return (e) => {
    if (!onProgress) return
    const seen = observations() ?? []
    // a token count quotes nothing: the thousands of samples behind it are not read for each one
    if (e.kind !== 'tokens') {
      learnResponseCredentials(redactor, seen.slice(learned))
      for (; learned < seen.length; learned++) for (const sc of seen[learned]!.setCookies) redactor.addSecret(storedCookieValue(sc))
      const names = urlCarriers()
      const key = names ? `${[...names.query].join('&')}|${[...names.path].join(';')}` : ''
      // a carrier proven now carried ids in URLs already seen: those are read again
      if (key !== urlNames) [urlLearned, urlNames] = [0, key]
      if (names && urlLearned < seen.length) learnUrlCarried(redactor, names, seen.slice(urlLearned))
      urlLearned = seen.length
    }
    onProgress(redactor.progress(e))
  }
}
