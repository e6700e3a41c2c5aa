// The resolve hook registered by sandbox-hook.mjs: a file of the workspace outside node_modules
// (a package's source reached through its workspace link) is loaded from the sandbox instead.
import { pathToFileURL } from 'node:url'

let from = ''
let to = ''
let tmp = ''

export function initialize({ root, sandbox }) {
  from = pathToFileURL(root).href + '/'
  to = pathToFileURL(sandbox).href + '/'
  tmp = `${from}.stryker-tmp/`
}

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  const url = result.url
  if (url.startsWith(from) && !url.startsWith(tmp) && !url.slice(from.length).split('/').includes('node_modules')) {
    return { ...result, url: to + url.slice(from.length) }
  }
  return result
}
