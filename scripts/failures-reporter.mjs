// A second test reporter for scripts/test.mjs: repeats every failed test at the very end of the run, with its file,
// its suites and the error, because a CI log is often read from its tail only, and the TAP line of a failure can
// sit thousands of lines above the summary.
import { relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname

function describeError(error) {
  if (error === undefined || error === null) return 'no error recorded'
  // the runner wraps what the test threw: the cause is the assertion or error itself
  const inner = error.cause ?? error
  const text = String(inner?.message ?? inner).trim()
  const lines = text.split('\n').slice(0, 12).join('\n')
  return lines.length > 1500 ? `${lines.slice(0, 1500)}…` : lines
}

export default async function* failures(source) {
  const path = new Map()
  const failed = []
  for await (const event of source) {
    const data = event.data
    if (event.type === 'test:start') {
      const stack = path.get(data.file) ?? []
      stack.length = data.nesting
      stack.push(data.name)
      path.set(data.file, stack)
    } else if (event.type === 'test:fail') {
      // a suite or test whose only failure is a failed subtest adds nothing to the subtest's own line
      if (data.details?.error?.failureType === 'subtestsFailed') continue
      const stack = (path.get(data.file) ?? []).slice(0, data.nesting)
      const file = data.file ? relative(root, data.file) : '(no file)'
      failed.push({ file, title: [...stack, data.name].join(' › '), error: describeError(data.details?.error) })
    }
  }
  if (failed.length === 0) return
  let out = `# ${failed.length} failed test${failed.length === 1 ? '' : 's'} (repeated from above):\n`
  for (const f of failed) {
    out += `# FAILED ${f.file} › ${f.title}\n`
    for (const line of f.error.split('\n')) out += `#     ${line}\n`
  }
  yield out
}
