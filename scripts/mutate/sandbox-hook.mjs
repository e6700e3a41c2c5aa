// Loaded into every test process of a mutation run (`--import`). Stryker copies the workspace into
// a sandbox under .stryker-tmp and mutates the copy, but node_modules is a link to the real one, so
// `@sessionguard/scanner` would resolve through npm's workspace links to the untouched sources and
// every mutant reached through a package name would survive. This hook sends any module of the
// workspace back into the sandbox the test runs in.
import { register } from 'node:module'

const root = process.env.SG_MUTATE_ROOT
const sandbox = process.cwd()
if (root && sandbox !== root && sandbox.startsWith(`${root}/.stryker-tmp/`)) {
  register(new URL('./sandbox-resolve.mjs', import.meta.url), { data: { root, sandbox } })
}
