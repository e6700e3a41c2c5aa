// Issue 15 item 3: every header value the user supplies is a secret in the report unless its name
// is listed in request.public_headers; the hostile target reflects each header it receives.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { scan } from '@sessionguard/scanner'
import { REFLECTED_ACCOUNT, startReflectingLogin } from '@sessionguard/testkit'

test('supplied header values are masked wherever they appear; a public one stays readable', async () => {
  const app = await startReflectingLogin()
  try {
    const config = structuredClone(app.config) as Record<string, unknown>
    config.request = {
      headers: {
        'X-Custom-Auth': 'custom-auth-5f0b9e27c1',
        'CF-Access-Client-Secret': 'cfsecret-81d2aa09e4f3',
        'X-Tiny': 'k9z',
        'X-Api-Version': '2024-01-01',
      },
      public_headers: ['x-api-version'],
    }
    const report = await scan(config as Parameters<typeof scan>[0])
    const text = JSON.stringify(report)
    assert.ok(
      report.findings.some((f) => f.evidence.length > 0),
      'the report carries evidence',
    )
    for (const secret of [
      'custom-auth-5f0b9e27c1',
      'cfsecret-81d2aa09e4f3',
      Buffer.from('custom-auth-5f0b9e27c1').toString('base64'),
      REFLECTED_ACCOUNT.password,
    ]) {
      assert.ok(!text.includes(secret), `${secret} in the report`)
    }
    const lower = (h: Record<string, string>): Record<string, string> =>
      Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]))
    const sent = report.findings.flatMap((f) => f.evidence).map((x) => lower(x.request.headers))
    const tiny = sent.map((h) => h['x-tiny']).filter(Boolean)
    assert.ok(tiny.length > 0 && tiny.every((v) => v === '********'), `a short secret header is masked whole: ${tiny.join(', ')}`)
    assert.ok(
      sent.some((h) => h['x-api-version'] === '2024-01-01'),
      'the public header is shown',
    )
  } finally {
    await app.close()
  }
})
