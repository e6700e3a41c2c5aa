// The span pass of a chunked run (scripts/mutate.mjs --chunks): Stryker runs a mutant of a `file:from-to`
// run only when it lies wholly inside those lines, so a mutant that crosses a chunk's edge (a function's
// body emptied, a condition over several lines) belongs to no chunk. The span pass mutates the whole file
// with this ignorer, which skips every node that lies inside one chunk (its mutants ran there), so only
// the crossing ones run. SG_MUTATE_CHUNK_RANGES holds the chunks' line ranges.
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin'

const ranges = JSON.parse(process.env.SG_MUTATE_CHUNK_RANGES ?? '[]')

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'sg-chunk-lines', {
    shouldIgnore(path) {
      const loc = path.node.loc
      if (!loc) return undefined
      const range = ranges.find((r) => r.from <= loc.start.line && loc.end.line <= r.to)
      return range ? `run in the chunk of lines ${range.from}-${range.to}` : undefined
    },
  }),
]
