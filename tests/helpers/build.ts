/**
 * Build a content folder into a fresh temporary output folder, the way the CLI does, for tests
 * that assert on the files of a built site.
 *
 * ```ts
 * const site = await buildFixtureSite(fixtureDir('basic'), { config: { pageSize: 50, base: '/papers/' } })
 * readFileSync(join(site.out, 'index.html'), 'utf8')
 * ```
 */
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BuildResult, buildSite } from '../../src/build/build.ts'
import { type Config, defaultConfig, defaultVenueNames, validateConfig } from '../../src/config.ts'

/** The repository root. */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)))

/** A folder of `tests/fixtures/sites/`, e.g. `fixtureDir('basic')`. */
export function fixtureDir(name: string): string {
  return join(repoRoot, 'tests', 'fixtures', 'sites', name)
}

/**
 * Cache of the Vite front-end bundle shared by every test build (and every test process), so
 * that the bundle is made once per base path and reused.
 */
export const sharedCacheDir = join(tmpdir(), 'papershelf-test-cache')

export interface FixtureBuildOptions {
  /** Config overrides (`base`, `pageSize`, `siteUrl`, `title`, `venues`); `content` and `out` are set by the helper. */
  config?: Partial<Omit<Config, 'content' | 'out'>>
  /** Output folder; default a new folder under the OS temp dir. Pass an existing one to rebuild over it. */
  out?: string
  /** Working folder diagnostics are shown relative to; default the repository root. */
  cwd?: string
}

export interface FixtureBuild {
  /** Absolute path of the built site. */
  out: string
  result: BuildResult
  config: Config
  /** Remove the temporary folder made for `out` (does nothing when `out` was given). */
  cleanup: () => void
}

/**
 * Run `buildSite` on `contentDir` into a fresh temp folder with the shared bundle cache. The
 * config starts from the defaults, not from a `papershelf.config.json`, so that tests do not
 * depend on the working folder. A build with content errors returns `result.ok === false`.
 */
export async function buildFixtureSite(contentDir: string, options: FixtureBuildOptions = {}): Promise<FixtureBuild> {
  const cwd = options.cwd ?? repoRoot
  let made: string | undefined
  let out = options.out
  if (out === undefined) {
    made = mkdtempSync(join(tmpdir(), 'papershelf-site-'))
    out = join(made, 'site')
  }
  const overrides = options.config ?? {}
  const config = validateConfig({
    ...defaultConfig,
    ...overrides,
    venues: { ...defaultVenueNames, ...overrides.venues },
    content: resolve(contentDir),
    out: resolve(out),
  })
  const result = await withBundleLock(config.base, () => buildSite({ config, cwd, cacheDir: sharedCacheDir }))
  return {
    out: config.out,
    result,
    config,
    cleanup: () => {
      if (made) rmSync(made, { recursive: true, force: true })
    },
  }
}

/**
 * The first build for a base path in each process holds a lock across processes: two test files
 * that both find the cache cold would otherwise both bundle and swap the cache folder under each
 * other's feet. Later builds find the bundle cached and need no lock.
 */
const warmBases = new Set<string>()

async function withBundleLock<T>(base: string, run: () => Promise<T>): Promise<T> {
  if (warmBases.has(base)) return run()
  mkdirSync(sharedCacheDir, { recursive: true })
  const lock = join(sharedCacheDir, 'bundle.lock')
  const deadline = Date.now() + 120_000
  for (;;) {
    try {
      mkdirSync(lock)
      writeFileSync(join(lock, 'pid'), String(process.pid))
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      if (lockOwnerGone(lock) || Date.now() > deadline) rmSync(lock, { recursive: true, force: true })
      else await new Promise((r) => setTimeout(r, 50))
    }
  }
  try {
    const value = await run()
    warmBases.add(base)
    return value
  } finally {
    rmSync(join(lock, 'pid'), { force: true })
    rmdirSync(lock)
  }
}

function lockOwnerGone(lock: string): boolean {
  let pid: number
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'))
  } catch {
    return false // being created right now
  }
  if (!Number.isInteger(pid) || pid <= 0) return true
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EPERM'
  }
}
