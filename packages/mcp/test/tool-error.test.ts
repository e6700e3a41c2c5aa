// r23y Y-M11: an MCP error result is read by the assistant and may be logged anywhere: a URL's
// credential parameters in it are masked, whether or not the scan had learned them when it failed.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigError } from '@sessionguard/scanner'
import { toolError } from '../src/tools/result.js'

test("an error result quotes no value of a URL's credential parameters, in its text or its structured content", () => {
  const key = 'Zq7vN2kLp9xWc4rT8mYb3dHs6fJg1aEu'
  for (const url of [`http//127.0.0.1:1/app?token=${key}`, `http//127.0.0.1:1/app;jsessionid=${key}`, `http//h/?a=1;sid=${key}#x`]) {
    const result = toolError(new ConfigError(`target is not a valid URL: ${JSON.stringify(url)}`))
    const text = JSON.stringify(result)
    assert.ok(!text.includes(key.slice(0, 5)), text)
    assert.match(text, /\[32 characters\]/)
  }
})
