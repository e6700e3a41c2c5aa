// Loaded with --import into a measured child: records the process's peak resident set size (KiB) as it exits.
import { writeFileSync } from 'node:fs'

const file = process.env.SG_MAXRSS_FILE
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)))
