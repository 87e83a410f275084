import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { VFile } from 'vfile'

/** A listing file found in the content folder. */
export interface ListingFile {
  /** Absolute path. */
  path: string
  /** Path relative to the content folder, `/`-separated (`ICLR/2021/ICLR-2021-list01.md`). */
  source: string
}

export interface Discovery {
  files: ListingFile[]
  /** Problems found while walking (e.g. symlinks leading out of the content folder). */
  problems: VFile[]
}

const indexFile = /^(readme|index)\.md$/i

/**
 * Every `*.md` under `content` at any depth, except index files (`README.md`), in a stable
 * natural order (`list2` before `list10`). Symlinks are followed only while they stay inside
 * the content folder; one that leads out is refused with a diagnostic.
 */
export function discoverListings(content: string, displayPath: (absolute: string) => string): Discovery {
  const root = realpathSync(content)
  const files: ListingFile[] = []
  const problems: VFile[] = []
  const seen = new Set<string>()

  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => naturalCompare(a.name, b.name))
    for (const entry of entries) {
      const path = join(dir, entry.name)
      let isDir = entry.isDirectory()
      let isFile = entry.isFile()
      if (entry.isSymbolicLink()) {
        let target: string
        try {
          target = realpathSync(path)
        } catch {
          problems.push(refuse(path, 'Unexpected broken symlink, expected a file or folder', displayPath))
          continue
        }
        if (target !== root && !target.startsWith(root + sep)) {
          problems.push(refuse(path, `Unexpected symlink to \`${target}\` outside the content folder, expected a link inside it`, displayPath))
          continue
        }
        const stats = statSync(target)
        isDir = stats.isDirectory()
        isFile = stats.isFile()
        if (seen.has(target)) continue
        seen.add(target)
      }
      if (isDir) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(path)
      } else if (isFile && entry.name.toLowerCase().endsWith('.md') && !indexFile.test(entry.name)) {
        files.push({ path, source: relative(content, path).split(sep).join('/') })
      }
    }
  }

  if (!lstatSync(content).isDirectory()) throw new Error(`Content folder ${content} is not a folder`)
  walk(content)
  return { files, problems }
}

function refuse(path: string, reason: string, displayPath: (absolute: string) => string): VFile {
  const file = new VFile({ path: displayPath(path) })
  file.message(reason, { place: { line: 1, column: 1 }, ruleId: 'unsafe-symlink', source: 'papershelf' }).fatal = true
  return file
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' })

export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)
}
