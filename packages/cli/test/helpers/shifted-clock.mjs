// Preloaded (node --import) into worker processes of the fleet test: their clock reads the real time
// plus SG_TEST_CLOCK_OFFSET_MS, so the test puts each worker in the round it wants without waiting for
// one to pass. The clock still runs; only its origin moves.
const offset = Number(process.env.SG_TEST_CLOCK_OFFSET_MS ?? 0)
const RealDate = Date
class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset)
    else super(...args)
  }
  static now() {
    return RealDate.now() + offset
  }
}
globalThis.Date = ShiftedDate
