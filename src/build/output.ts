import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'

/** Sibling paths used to replace an output folder without ever leaving it half written. */
export function outputPaths(out: string) {
  const parent = dirname(resolve(out))
  const name = basename(resolve(out))
  return {
    out: resolve(out),
    lock: join(parent, `.papershelf-${name}.lock`),
    old: join(parent, `.papershelf-${name}.old`),
    spare: join(parent, `.papershelf-${name}.spare`),
    stagingPrefix: `.papershelf-${name}.staging-`,
    trashPrefix: `.papershelf-${name}.trash-`,
    staging: join(parent, `.papershelf-${name}.staging-${process.pid}`),
    parent,
  }
}

/**
 * Take the output folder's lock: a file created exclusively, holding the owner's pid. A lock
 * whose owner is gone (a killed build) is taken over.
 */
export function acquireLock(out: string): () => void {
  const { lock } = outputPaths(out)
  try {
    mkdirSync(dirname(lock), { recursive: true })
  } catch (error) {
    throw new Error(`Cannot create the output folder ${out}: ${describeFsError(error)}`, { cause: error })
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(lock, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new Error(`Cannot write beside the output folder ${out} (lock ${lock}): ${describeFsError(error)}`, { cause: error })
      }
      const owner = Number(readFileSync(lock, 'utf8').trim())
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(`Another papershelf build (pid ${owner}) is writing ${out}; wait for it to finish (lock: ${lock})`)
      }
      rmSync(lock, { force: true })
    }
  }
  throw new Error(`Cannot take the lock ${lock}`)
}

/** A file-system error in words, without the errno code and syscall. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  switch (code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder'
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'permission denied (or a read-only file system)'
    case 'ENOENT':
      return 'a folder on the path does not exist and cannot be created there'
    case 'ENOSPC':
      return 'no space left on the device'
    default:
      return error instanceof Error ? error.message : String(error)
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Undo what a killed build left behind: if it died between moving the old site aside and
 * moving the new one in, the old site goes back; leftover staging folders are removed.
 * Call with the lock held.
 */
export function recoverOutput(out: string): void {
  const paths = outputPaths(out)
  if (existsSync(paths.old)) {
    if (existsSync(paths.out)) rmSync(paths.old, { recursive: true, force: true })
    else renameSync(paths.old, paths.out)
  }
  if (!existsSync(paths.parent)) return
  for (const entry of readdirSync(paths.parent)) {
    if (entry.startsWith(paths.stagingPrefix)) discard(out, join(paths.parent, entry))
    else if (entry.startsWith(paths.trashPrefix)) {
      // Possibly still being removed by an earlier build's background rm; another rm is harmless.
      removeInBackground(join(paths.parent, entry))
    }
  }
}

/** Delete a folder nobody needs any more without waiting for it. */
function removeInBackground(path: string): void {
  if (process.platform === 'win32') rmSync(path, { recursive: true, force: true })
  else spawn('rm', ['-rf', path], { detached: true, stdio: 'ignore' }).unref()
}

/** Relative, `/`-separated, no empty segment, no NUL or backslash; and no `.` or `..` segment. */
const plainPath = /^[^/\\\0]+(?:\/[^/\\\0]+)*$/
const dotSegment = /(?:^|\/)\.\.?(?:\/|$)/

/** A file of a site as a build remembers it: its site path, and the hash and size of its bytes. */
export type FileEntry = [path: string, hash: string, size: number]
/** Every file of a site folder, by site path. */
export type SiteFiles = Map<string, FileEntry>
/** The same as a plain list, for JSON and worker threads. */
export type SiteFileList = FileEntry[]

// The map and the list share their entries: at 250,000 papers a site has 900,000 files, and a
// rebuild holds the live site's, the spare's and the new site's.
export const siteFiles = (list: SiteFileList): SiteFiles => new Map(list.map((entry) => [entry[0], entry]))
export const siteFileList = (files: SiteFiles): SiteFileList => [...files.values()]

/** One list of site files as it differs from another: the entries it has otherwise or only, and the paths it lacks. */
export interface SiteFileDiff {
  changed: SiteFileList
  missing: string[]
}

/** How `list` differs from `base`. */
export function diffSiteFiles(base: SiteFiles, list: SiteFileList): SiteFileDiff {
  const changed = list.filter(([path, hash, size]) => {
    const entry = base.get(path)
    return entry === undefined || entry[1] !== hash || entry[2] !== size
  })
  const listed = new Set(list.map(([path]) => path))
  const missing = [...base.keys()].filter((path) => !listed.has(path))
  return { changed, missing }
}

/** The list that `diff` describes, from the list it was taken against. */
export function applySiteFileDiff(base: SiteFileList, diff: SiteFileDiff): SiteFileList {
  const replaced = new Set([...diff.missing, ...diff.changed.map(([path]) => path)])
  return [...base.filter(([path]) => !replaced.has(path)), ...diff.changed]
}

/** Hash of a file's bytes (a string is hashed as its UTF-8 bytes, the bytes it is written as). */
export function contentHash(content: string | Uint8Array): string {
  return createHash('sha1').update(content).digest('base64url')
}

export interface SiteWriterOptions {
  /** The site in place: a file whose bytes it already has is hard-linked from it, not written. */
  live?: string | undefined
  /** What the live site holds. Without it, bytes are compared by reading the live site's files. */
  liveFiles?: SiteFiles | undefined
  /** What the staging folder already holds: a spare copy of an earlier site, brought up to date file by file. */
  stagedFiles?: SiteFiles | undefined
  /**
   * Record each file's hash even with no live or staged site to compare with (for the next
   * build's state). A build without a cache has no use for them and skips hashing.
   */
  hashes?: boolean
}

/**
 * Writes a site into a staging folder, refusing any path that would land outside it, and
 * records every file it holds. A file whose bytes the live site already has is hard-linked from
 * it (bytes and modification time stay, so sync tools upload only what changed); a file the
 * staging folder already holds with those bytes is left alone. Only what changed costs a write.
 */
export class SiteWriter {
  readonly root: string
  private readonly live: string | undefined
  private liveFiles: SiteFiles | undefined
  private stagedFiles: SiteFiles | undefined
  private readonly hashes: boolean
  private readonly made = new Set<string>()
  /** Files recorded since the last `drain()`. */
  private recorded: SiteFiles = new Map()
  /** Files identical to the live site's, since the last `drain()`. */
  private kept = 0

  constructor(root: string, options: SiteWriterOptions = {}) {
    this.root = resolve(root)
    this.live = options.live === undefined ? undefined : resolve(options.live)
    this.liveFiles = options.liveFiles
    this.stagedFiles = options.stagedFiles
    this.hashes = options.hashes === true || this.live !== undefined || this.stagedFiles !== undefined
    mkdirSync(this.root, { recursive: true })
    this.made.add(this.root)
  }

  /**
   * From now on, know these of the live site's and the staging folder's files (a build worker is
   * told, job by job, of the files that job writes).
   */
  know(liveFiles: SiteFiles | undefined, stagedFiles: SiteFiles | undefined): void {
    this.liveFiles = liveFiles
    this.stagedFiles = stagedFiles
  }

  /** Absolute path for a site path, or an error if it escapes the root. */
  resolve(path: string): string {
    const target = resolve(this.root, path)
    if (!target.startsWith(this.root + sep) || path.includes('\0')) throw new Error(`Refusing to write ${JSON.stringify(path)} outside the output folder`)
    return target
  }

  /** A site path as the manifest keys it, and its absolute path. */
  private locate(path: string): { key: string; target: string } {
    // Paths the build makes are already in that form; checking so is far cheaper than resolving.
    if (sep === '/' && plainPath.test(path) && !dotSegment.test(path)) return { key: path, target: `${this.root}/${path}` }
    const target = this.resolve(path)
    return { key: relative(this.root, target), target }
  }

  /** The files recorded since the last call, and how many of them are the live site's unchanged. */
  drain(): { files: SiteFileList; kept: number } {
    const drained = { files: siteFileList(this.recorded), kept: this.kept }
    this.recorded = new Map()
    this.kept = 0
    return drained
  }

  private prepare(target: string): void {
    const dir = dirname(target)
    if (!this.made.has(dir)) {
      mkdirSync(dir, { recursive: true })
      this.made.add(dir)
    }
  }

  write(path: string, content: string | Uint8Array): void {
    const bytes = typeof content === 'string' ? encodeReused(content) : content
    const { key, target } = this.locate(path)
    const hash = this.hashes ? contentHash(bytes) : ''
    this.recorded.set(key, [key, hash, bytes.byteLength])
    let unchanged = this.live !== undefined && (this.liveFiles === undefined ? sameBytes(join(this.live, key), bytes) : this.liveFiles.get(key)?.[1] === hash)
    if (this.stagedFiles?.get(key)?.[1] !== hash) {
      this.clear(key, target)
      // A live file gone since the state was saved is written after all (and is not unchanged).
      if (!unchanged || !this.linkLive(key, target)) {
        unchanged = false
        place(target, () => writeFileSync(target, bytes, { flag: 'wx' }))
      }
    }
    if (unchanged) this.kept++
  }

  /** Carry files over from the live site unchanged, all or none: false (and nothing kept) if any is not there. */
  keepAll(paths: readonly string[]): boolean {
    const keys = paths.map((path) => this.locate(path).key)
    if (!keys.every((key) => this.liveFiles?.has(key))) return false
    const done: string[] = []
    for (const key of keys) {
      if (!this.keep(key)) {
        for (const kept of done) this.recorded.delete(kept)
        this.kept -= done.length
        return false
      }
      done.push(key)
    }
    return true
  }

  /** Carry a file over from the live site unchanged; false if the live site does not have it. */
  keep(path: string): boolean {
    const { key, target } = this.locate(path)
    const live = this.liveFiles?.get(key)
    if (live === undefined) return false
    const staged = this.stagedFiles?.get(key)
    if (staged?.[1] !== live[1]) {
      // Checked before a staged file is cleared: it must not go unless it is replaced.
      if (staged && !existsSync(join(this.live as string, key))) return false
      this.clear(key, target)
      if (!this.linkLive(key, target)) return false
    }
    this.recorded.set(key, live)
    this.kept++
    return true
  }

  /** Make way for a file: never write through an existing name, it may be a link to the live site's file. */
  private clear(key: string, target: string): void {
    this.prepare(target)
    if (this.stagedFiles?.has(key)) removeFile(target)
  }

  /** Hard-link a file of the live site into the staging folder; false if the live site has lost it. */
  private linkLive(key: string, target: string): boolean {
    try {
      place(target, () => linkSync(join(this.live as string, key), target))
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw error
    }
  }
}

let encoded = Buffer.allocUnsafe(1 << 20)

/**
 * A string's UTF-8 bytes in a buffer that the next call reuses: valid only until then. A build
 * writes hundreds of thousands of pages; a fresh buffer for each was a measurable share of its
 * allocation and garbage-collection time.
 */
function encodeReused(text: string): Buffer {
  if (text.length * 3 > encoded.length) encoded = Buffer.allocUnsafe(text.length * 3)
  return encoded.subarray(0, encoded.write(text))
}

/** Remove a file that may be gone already (a plain unlink: `rmSync` first looks at what it removes). */
function removeFile(target: string): void {
  try {
    unlinkSync(target)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

/** Create a file, replacing one that a partial earlier attempt of this build left under its name. */
function place(target: string, create: () => void): void {
  try {
    create()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    removeFile(target)
    create()
  }
}

function sameBytes(path: string, bytes: Uint8Array): boolean {
  try {
    const stats = statSync(path)
    return stats.isFile() && stats.size === bytes.byteLength && Buffer.compare(readFileSync(path), bytes) === 0
  } catch {
    // Not in the live site (or unreadable): not the same.
    return false
  }
}

/**
 * Remove from a staging folder made from a spare copy the files the new site no longer has,
 * and the folders that leaves empty.
 */
export function removeStale(root: string, staged: SiteFiles, site: SiteFiles): number {
  const dirs = new Set<string>()
  let removed = 0
  for (const path of staged.keys()) {
    if (site.has(path)) continue
    removeFile(join(root, path))
    removed++
    for (let dir = dirname(path); dir !== '.' && !dirs.has(dir); dir = dirname(dir)) dirs.add(dir)
  }
  // Deepest first, so that a parent is tried once its children are gone.
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(join(root, dir))
    } catch {
      // Not empty (or already gone): it stays.
    }
  }
  return removed
}

/**
 * A spare copy of the site in place, made of hard links: the next build brings it up to date
 * file by file and swaps it in, instead of linking every unchanged file into a new folder.
 */
export function makeSpare(out: string, spare: string, files: SiteFiles): void {
  const writer = new SiteWriter(spare, { live: out, liveFiles: files })
  for (const path of files.keys()) if (!writer.keep(path)) throw new Error(`${join(out, path)} went missing while the build made its spare copy`)
}

/**
 * Identity of a folder as it is now: its inode and the time its entries last changed. A build
 * records it for the output folder and the spare copy; a folder swapped for another, or
 * changed since, no longer matches (and nothing recorded about it is trusted).
 */
export function folderStamp(path: string): string | undefined {
  try {
    const stats = statSync(path, { bigint: true })
    return `${stats.ino}:${stats.ctimeNs}`
  } catch {
    return undefined
  }
}

/**
 * Whether every file of `list` is still in the folder `root`. One existence check per file:
 * counting the site's files instead read every one of its folders, three times as slow.
 */
export function hasEveryFile(root: string, list: SiteFileList): boolean {
  for (const [path] of list) if (!existsSync(join(root, path))) return false
  return true
}

let discarded = 0

/** Move a folder beside the output folder `out` to the trash, and delete it in the background. */
export function discard(out: string, folder: string): void {
  if (!existsSync(folder)) return
  const paths = outputPaths(out)
  const trash = join(paths.parent, `${paths.trashPrefix}${process.pid}-${Date.now()}-${discarded++}`)
  renameSync(folder, trash)
  removeInBackground(trash)
}

/**
 * Swap the finished staging folder in place of the output folder. Call with the lock held.
 * The previous site becomes the spare copy when one is wanted; otherwise it is deleted in the
 * background (the new one is complete and in place, and deleting tens of thousands of files
 * can take seconds that nobody needs to wait for).
 */
export function commitOutput(staging: string, out: string, keepAsSpare: boolean): void {
  const paths = outputPaths(out)
  rmSync(paths.old, { recursive: true, force: true })
  if (existsSync(paths.out)) renameSync(paths.out, paths.old)
  renameSync(staging, paths.out)
  if (!existsSync(paths.old)) return
  if (keepAsSpare) {
    discard(out, paths.spare)
    renameSync(paths.old, paths.spare)
  } else discard(out, paths.old)
}
