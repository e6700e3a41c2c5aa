import { constants } from 'node:fs'
import { access, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { ConfigError } from '@sessionguard/scanner'

/** The folder of an --output file exists and is writable before any work: a bad -o costs nothing and exits 2. */
export async function ensureDirectory(file: string): Promise<void> {
  const dir = dirname(file)
  try {
    await mkdir(dir, { recursive: true })
    await access(dir, constants.W_OK)
  } catch (err) {
    throw new ConfigError(
      `--output ${file}: cannot write into ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose another path`,
    )
  }
}
