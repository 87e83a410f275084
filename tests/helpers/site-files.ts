/** Reading a built site's files: listing, hashing, and mapping URLs to files. */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'

/** Every file under `root`, as sorted `/`-separated paths relative to it. */
export function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(root.length + 1)
        .split(sep)
        .join('/'),
    )
    .sort()
}

/** The `.html` files under `root`. */
export function listHtmlFiles(root: string): string[] {
  return listFiles(root).filter((path) => path.endsWith('.html'))
}

/** Path → SHA-256 of every file under `root` (to show that a folder was left byte-for-byte as it was). */
export function hashTree(root: string): Map<string, string> {
  const hashes = new Map<string, string>()
  for (const path of listFiles(root))
    hashes.set(
      path,
      createHash('sha256')
        .update(readFileSync(join(root, path)))
        .digest('hex'),
    )
  return hashes
}

export function readText(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8')
}

/**
 * The output file a site-absolute URL path (`/papers/iclr/2021/`) stands for, or `undefined`
 * when the path is outside `base` or no such file exists. Directories mean their `index.html`.
 */
export function fileForUrlPath(root: string, base: string, urlPath: string): string | undefined {
  if (!urlPath.startsWith(base)) return undefined
  let path: string
  try {
    path = decodeURIComponent(urlPath.slice(base.length))
  } catch {
    return undefined
  }
  if (path.split('/').some((part) => part === '..' || part === '.')) return undefined
  const candidates = path === '' || path.endsWith('/') ? [`${path}index.html`] : [path]
  for (const candidate of candidates) {
    try {
      if (statSync(join(root, candidate)).isFile()) return candidate
    } catch {
      // not there
    }
  }
  return undefined
}
