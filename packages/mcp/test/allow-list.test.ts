import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { AllowList, BadAllowEntryError, TargetNotAllowedError, entryAllows } from '@sessionguard/mcp'

describe('AllowList', () => {
  const loopbackOnly = new AllowList()

  it('allows loopback targets by default, on any port and scheme', () => {
    for (const t of [
      'http://127.0.0.1:3000',
      'https://127.9.8.7/',
      'http://[::1]:8080/app',
      'http://localhost:5173',
      'http://LOCALHOST/',
    ]) {
      assert.equal(loopbackOnly.allows(t), true, t)
    }
  })

  it('refuses everything else by default, including names that only look local', () => {
    for (const t of [
      'http://example.com',
      'http://intranet.invalid:8080',
      'https://staging.invalid/',
      'http://localhost.example.com',
      'http://127.0.0.1.nip.io',
      'http://0.0.0.0:3000',
      'not a url',
    ]) {
      assert.equal(loopbackOnly.allows(t), false, t)
    }
  })

  it('treats every IPv4 address inside 127.0.0.0/8 as allowed and every one outside as refused', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 1, max: 65535 }), (ip, port) => {
        assert.equal(loopbackOnly.allows(`http://${ip}:${port}/`), ip.startsWith('127.'))
      }),
    )
  })

  it('allows an origin entry only for that scheme, host and port', () => {
    const list = new AllowList(['https://staging.example.com:8443'])
    assert.equal(list.allows('https://staging.example.com:8443/login'), true)
    assert.equal(list.allows('http://staging.example.com:8443/'), false)
    assert.equal(list.allows('https://staging.example.com/'), false)
    assert.equal(list.allows('https://other.example.com:8443/'), false)
  })

  it('allows a host entry on any port and a *. entry for subdomains only', () => {
    const list = new AllowList(['staging.example.com', '*.test.internal'])
    assert.equal(list.allows('http://staging.example.com:9000'), true)
    assert.equal(list.allows('https://STAGING.example.com'), true)
    assert.equal(list.allows('http://a.test.internal'), true)
    assert.equal(list.allows('http://test.internal'), false)
  })

  // Ranges are exercised inside loopback space only (tests never name another address): the
  // per-entry matcher is what AllowList applies to every entry, loopback's own included.
  it('a range entry admits exactly the addresses inside it, of its own family', () => {
    assert.equal(entryAllows('127.20.0.0/16', 'http://127.20.3.4:8080'), true)
    assert.equal(entryAllows('127.20.0.0/16', 'http://127.21.0.1'), false)
    assert.equal(entryAllows('127.20.0.0/16', 'http://[::1]/'), false)
    assert.equal(entryAllows('::1/128', 'http://[::1]:81'), true)
    assert.equal(entryAllows('::1/128', 'http://127.0.0.1'), false)
    assert.equal(entryAllows('[::1]', 'http://[0:0::1]/'), true, 'addresses compare as addresses, not as text')
    assert.equal(entryAllows('127.20.0.0/16', 'http://host.invalid'), false, 'a name is never matched against a range')
  })

  it('refuses with a message that names the allow-list and the flag that would allow the target', () => {
    assert.throws(
      () => loopbackOnly.assertAllowed('https://app.example.com:8443/login'),
      (err: unknown) => {
        assert.ok(err instanceof TargetNotAllowedError)
        assert.match(err.message, /127\.0\.0\.0\/8, ::1, localhost/)
        assert.match(err.message, /--allow https:\/\/app\.example\.com:8443/)
        assert.match(err.message, /--allow app\.example\.com\b/)
        return true
      },
    )
  })

  it('rejects entries that are not an origin, host or range', () => {
    for (const bad of ['', 'ftp://files.example.com', 'https://example.com/path', 'not a host!', '127.0.0.0/33', 'example.com/8']) {
      assert.throws(() => new AllowList([bad]), BadAllowEntryError, JSON.stringify(bad))
    }
  })
})
