import { z } from 'zod'
import { CATEGORIES, CHECK_IDS } from '../model/vocabulary.js'
import { unknownCheckName } from './check-names.js'

// The triage keys of sessionguard.yml: which checks run and which findings are accepted. The names
// are shared with the CLI flags (--checks, --exclude-checks, --ignore-file, --baseline) and the Action.

const checkName = (allowFamilies: boolean) =>
  z
    .string()
    .superRefine((v, ctx) => {
      const problem = unknownCheckName(v, allowFamilies)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    })
    // the JSON Schema for editors lists the valid names; the refinement above gives the "did you mean"
    .meta({ enum: allowFamilies ? [...CHECK_IDS, ...CATEGORIES] : [...CHECK_IDS] })

export const checksSelectionSchema = z
  .object({
    /** Only these ids or families are reported (default: all). */
    include: z.array(checkName(true)).min(1).optional(),
    /** These ids or families are never reported. */
    exclude: z.array(checkName(true)).optional(),
  })
  .strict()

/** A calendar day, the last day the entry applies (UTC). */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const day = z
  .string()
  .regex(DAY, 'expires must be a date written YYYY-MM-DD, e.g. 2027-01-31')
  .refine((text) => {
    const m = DAY.exec(text)
    return Boolean(m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === text)
  }, 'expires is not a calendar day (YYYY-MM-DD, e.g. 2027-01-31)')

/** `cookie:sid`, `header:Authorization`, `query:token`, `path:jsessionid`. */
export const CARRIER_PATTERN = /^(cookie|header|query|path):(.+)$/

export const ignoreEntrySchema = z
  .object({
    check: checkName(false),
    /** Only findings about this carrier, e.g. cookie:sid (default: any carrier). */
    carrier: z.string().regex(CARRIER_PATTERN, 'carrier must look like cookie:NAME, header:NAME, query:NAME or path:NAME').optional(),
    /** Why the finding is accepted; printed next to it in every report. */
    reason: z.string().trim().min(1, 'every ignore entry needs a reason (why the finding is accepted)'),
    /** Last day the entry applies; after it the scan stops with an error until the entry is renewed or removed. */
    expires: day.optional(),
  })
  .strict()

export const ignoreListSchema = z.array(ignoreEntrySchema)

export type ChecksSelection = z.output<typeof checksSelectionSchema>
export type IgnoreEntry = z.output<typeof ignoreEntrySchema>
