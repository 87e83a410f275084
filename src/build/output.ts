import { spawn } from 'node:child_process'
import {
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
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
    if (entry.startsWith(paths.stagingPrefix)) {
      const trash = join(paths.parent, `${paths.trashPrefix}${entry.slice(paths.stagingPrefix.length)}-${Date.now()}`)
      renameSync(join(paths.parent, entry), trash)
      removeInBackground(trash)
    } else if (entry.startsWith(paths.trashPrefix)) {
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

/**
 * Writes files under a root folder, refusing any path that would land outside it. Given the
 * previous site, a file whose content is unchanged is hard-linked from it instead of written:
 * the bytes and the modification time stay, so sync tools upload only what changed.
 */
export class SiteWriter {
  readonly root: string
  /** The previous site, if any. */
  readonly previous: string | undefined
  private readonly made = new Set<string>()
  files = 0
  bytes = 0
  /** Files carried over unchanged from the previous site. */
  kept = 0

  constructor(root: string, previous?: string) {
    this.root = resolve(root)
    this.previous = previous === undefined ? undefined : resolve(previous)
    mkdirSync(this.root, { recursive: true })
    this.made.add(this.root)
  }

  /** Absolute path for a site path, or an error if it escapes the root. */
  resolve(path: string): string {
    const target = resolve(this.root, path)
    if (!target.startsWith(this.root + sep) || path.includes('\0')) throw new Error(`Refusing to write ${JSON.stringify(path)} outside the output folder`)
    return target
  }

  private prepare(path: string): string {
    const target = this.resolve(path)
    const dir = dirname(target)
    if (!this.made.has(dir)) {
      mkdirSync(dir, { recursive: true })
      this.made.add(dir)
    }
    return target
  }

  write(path: string, content: string | Uint8Array): void {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content
    const target = this.prepare(path)
    this.files++
    this.bytes += bytes.byteLength
    if (this.previous !== undefined) {
      const old = join(this.previous, relative(this.root, target))
      try {
        const stats = statSync(old)
        if (stats.isFile() && stats.size === bytes.byteLength && Buffer.compare(readFileSync(old), bytes) === 0) {
          linkSync(old, target)
          this.kept++
          return
        }
      } catch {
        // Not in the previous site (or unreadable): write it.
      }
    }
    try {
      writeFileSync(target, bytes, { flag: 'wx' })
    } catch (error) {
      // Never write through an existing name: it may be a link to the live site's file.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      rmSync(target)
      writeFileSync(target, bytes, { flag: 'wx' })
    }
  }

  /**
   * Carry files over from the previous site unchanged, all or none: false (and nothing linked)
   * if any of them is missing there.
   */
  keepAll(paths: readonly string[]): boolean {
    if (this.previous === undefined) return false
    const previous = this.previous
    if (!paths.every((path) => existsSync(join(previous, relative(this.root, this.resolve(path)))))) return false
    return paths.every((path) => this.keep(path))
  }

  /** Carry a file over from the previous site unchanged; false if it is not there. */
  keep(path: string): boolean {
    if (this.previous === undefined) return false
    const target = this.prepare(path)
    const old = join(this.previous, relative(this.root, target))
    try {
      linkSync(old, target)
      const size = statSync(target).size
      this.files++
      this.kept++
      this.bytes += size
      return true
    } catch {
      return false
    }
  }
}

/**
 * Swap the finished staging folder in place of the output folder. Call with the lock held.
 * The previous site is deleted in the background: the new one is complete and in place, and
 * deleting tens of thousands of files can take seconds that nobody needs to wait for.
 */
export function commitOutput(staging: string, out: string): void {
  const paths = outputPaths(out)
  rmSync(paths.old, { recursive: true, force: true })
  if (existsSync(paths.out)) renameSync(paths.out, paths.old)
  renameSync(staging, paths.out)
  if (!existsSync(paths.old)) return
  const trash = join(paths.parent, `${paths.trashPrefix}${process.pid}-${Date.now()}`)
  renameSync(paths.old, trash)
  removeInBackground(trash)
}
