import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { basename, dirname, join, resolve, sep } from 'node:path'

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
  mkdirSync(dirname(lock), { recursive: true })
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(lock, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = Number(readFileSync(lock, 'utf8').trim())
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(`Another papershelf build (pid ${owner}) is writing ${out}; wait for it to finish (lock: ${lock})`)
      }
      rmSync(lock, { force: true })
    }
  }
  throw new Error(`Cannot take the lock ${lock}`)
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
    if (entry.startsWith(paths.stagingPrefix) || entry.startsWith(paths.trashPrefix)) rmSync(join(paths.parent, entry), { recursive: true, force: true })
  }
}

/** Writes files under a root folder, refusing any path that would land outside it. */
export class SiteWriter {
  readonly root: string
  private readonly made = new Set<string>()
  files = 0
  bytes = 0

  constructor(root: string) {
    this.root = resolve(root)
    mkdirSync(this.root, { recursive: true })
    this.made.add(this.root)
  }

  /** Absolute path for a site path, or an error if it escapes the root. */
  resolve(path: string): string {
    const target = resolve(this.root, path)
    if (!target.startsWith(this.root + sep) || path.includes('\0')) throw new Error(`Refusing to write ${JSON.stringify(path)} outside the output folder`)
    return target
  }

  write(path: string, content: string | Uint8Array): void {
    const target = this.resolve(path)
    const dir = dirname(target)
    if (!this.made.has(dir)) {
      mkdirSync(dir, { recursive: true })
      this.made.add(dir)
    }
    writeFileSync(target, content)
    this.files++
    this.bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength
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
  if (process.platform === 'win32') rmSync(trash, { recursive: true, force: true })
  else spawn('rm', ['-rf', trash], { detached: true, stdio: 'ignore' }).unref()
}
