// One recorded browser request and its answer, for the carry tests: a GET of the origin's root, sent
// after typing, answered 200 with nothing, unless `part` says otherwise.
import type { Recorded } from '../../src/login/browser/record.js'

export function recorded(origin: string, part: Partial<Recorded>): Recorded {
  return {
    rawMethod: 'GET',
    rawUrl: `${origin}/`,
    rawBody: '',
    origin,
    status: 200,
    headers: {},
    requestHeaders: {},
    body: '',
    setCookies: [],
    document: false,
    afterTyping: true,
    ...part,
  } as Recorded
}
