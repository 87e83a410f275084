import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { repoRoot } from './build.ts'

/**
 * The real listings when this machine has them: beside the repository (`../shared/corpus`), or at
 * the workplace's own copy so that a clone made elsewhere (`mktemp -d`) is checked against them too.
 * A user's clone has neither, and the tests that need the corpus are skipped.
 */
export const sharedCorpusDir: string | undefined = [resolve(repoRoot, '../shared/corpus'), '/work/shared/corpus'].find((dir) => existsSync(dir))
