// A module hook for a child process: any import of the AWS SDK fails, so an entry point that loads it,
// directly or through any chain of imports, cannot be imported.
import { register } from 'node:module'

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@aws-sdk/')) throw new Error('forbidden import: ' + specifier)
  return next(specifier, context)
}`
register(`data:text/javascript,${encodeURIComponent(hooks)}`)
