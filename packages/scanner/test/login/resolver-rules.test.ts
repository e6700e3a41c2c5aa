// r23u H1: the rules the browser starts with map every name but the allowed hosts to 0.0.0.0.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { launchArgs, resolverRules } from '../../src/login/browser/launch.js'

describe("the browser's resolver rules", () => {
  test('only the hosts Chromium connects to itself and the loopback proxy are excluded from the map to 0.0.0.0', () => {
    assert.equal(
      resolverRules(['app.example.test', 'idp.example.test']),
      'MAP * 0.0.0.0, EXCLUDE 127.0.0.1, EXCLUDE app.example.test, EXCLUDE idp.example.test',
    )
    // with an upstream proxy nothing resolves but the proxy's own loopback address
    assert.equal(resolverRules([]), 'MAP * 0.0.0.0, EXCLUDE 127.0.0.1')
    assert.equal(resolverRules(['[::1]']), 'MAP * 0.0.0.0, EXCLUDE 127.0.0.1, EXCLUDE ::1, EXCLUDE [::1]')
    assert.ok(
      launchArgs(false, ['app.example.test']).includes('--host-resolver-rules=MAP * 0.0.0.0, EXCLUDE 127.0.0.1, EXCLUDE app.example.test'),
    )
  })

  test('a host that could add a rule of its own is refused', () => {
    assert.throws(() => resolverRules(['a.test, EXCLUDE *']), /cannot be named to the browser's resolver/)
  })
})
