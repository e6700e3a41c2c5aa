/**
 * How many runs a property test makes: `runs`, what `npm test` uses, unless the SG_PROPERTY_RUNS
 * environment variable gives another count. The mutation run (scripts/mutate.mjs) sets 100: Stryker runs
 * every test file that reaches a mutant once per mutant, so thousands of runs per property would make
 * each surviving mutant cost a minute. A hunt for a rare counterexample sets more (e.g. 20000).
 */
export function propertyRuns(runs: number): number {
  const given = Number(process.env.SG_PROPERTY_RUNS)
  return Number.isSafeInteger(given) && given > 0 ? given : runs
}
