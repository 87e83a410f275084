import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The papershelf package folder: where `templates/`, `public/` and the front end live. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..')
