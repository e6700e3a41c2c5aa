/**
 * How many runs a property test makes: `runs`, what `npm test` always uses, or fewer when the
 * SG_PROPERTY_RUNS environment variable caps it. Only the mutation run (scripts/mutate.mjs) sets the
 * cap: Stryker runs every test file that reaches a mutant once per mutant, so thousands of runs per
 * property would make each surviving mutant cost a minute.
 */
export function propertyRuns(runs: number): number {
  const cap = Number(process.env.SG_PROPERTY_RUNS)
  return Number.isSafeInteger(cap) && cap > 0 ? Math.min(runs, cap) : runs
}
