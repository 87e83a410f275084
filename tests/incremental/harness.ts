/**
 * Shared machinery of the incremental-build tests: a frozen copy of papershelf to build with,
 * fixture content in a temp folder, a generator of valid listing files, and snapshots of an
 * output folder (path → inode, mtime, SHA-256) to tell which files a build rewrote.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { expect } from 'vitest'
import type * as BuildModule from '../../src/build/build.ts'
import type * as CacheModule from '../../src/build/cache.ts'
import type * as ConfigModule from '../../src/config.ts'
import { repoRoot } from '../helpers/build.ts'
import { listFiles } from '../helpers/site-files.ts'

export type BuildResult = BuildModule.BuildResult
export type Config = ConfigModule.Config

/** papershelf as loaded from one folder: its build entry points and its code key. */
export interface Papershelf {
  /** The package folder (a copy of the repository's code). */
  root: string
  /** Its command-line entry point. */
  bin: string
  buildSite: typeof BuildModule.buildSite
  checkContent: typeof BuildModule.checkContent
  codeKey: typeof CacheModule.codeKey
  BuildCache: typeof CacheModule.BuildCache
  config: (overrides: Partial<Config> & Pick<Config, 'content' | 'out'>) => Config
}

/**
 * A snapshot of papershelf's code (package.json, lock file, Vite config, bin/, src/,
 * templates/, public/; node_modules linked) in a temp folder, imported from there.
 *
 * Why a copy rather than the repository itself: the build's cache keys include a hash of
 * package.json, src/ (but for the front end) and templates/ (`codeKey`), read from disk at
 * every build, and worker threads import the code from disk when the pool starts. Building from the working tree
 * while it is being edited would make "this venue-year is reused" assertions flaky; and a
 * copy lets a test change papershelf's code for real (edit a template, see `codeKey` change
 * and the workers render with the edit), which is the honest way to test code-key
 * invalidation without reaching into `buildSite`.
 */
export async function loadPapershelf(parent: string): Promise<Papershelf> {
  const root = join(parent, 'papershelf')
  mkdirSync(root, { recursive: true })
  for (const entry of ['package.json', 'package-lock.json', 'vite.config.ts', 'tsconfig.json', 'bin', 'src', 'templates', 'public']) {
    cpSync(join(repoRoot, entry), join(root, entry), { recursive: true })
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir')
  const build = (await import(join(root, 'src', 'build', 'build.ts'))) as typeof BuildModule
  const cache = (await import(join(root, 'src', 'build', 'cache.ts'))) as typeof CacheModule
  const configs = (await import(join(root, 'src', 'config.ts'))) as typeof ConfigModule
  return {
    root,
    bin: join(root, 'bin', 'papershelf.js'),
    buildSite: build.buildSite,
    checkContent: build.checkContent,
    codeKey: cache.codeKey,
    BuildCache: cache.BuildCache,
    config: (overrides) =>
      configs.validateConfig({
        ...configs.defaultConfig,
        ...overrides,
        venues: { ...configs.defaultVenueNames, ...overrides.venues },
      }),
  }
}

/** A new temp folder, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `papershelf-${prefix}-`))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

// ---------------------------------------------------------------------------------------------
// Listing files

export interface RecordSpec {
  index: number
  title: string
  authors: string[]
  abstract: string
  /** The **Conference** field; default `<venue> <year>` lower-cased. */
  conference?: string
}

const topics = ['graph networks', 'causal discovery', 'diffusion models', 'meta-learning', 'sparse attention', 'federated optimization', 'contrastive learning']
const verbs = ['Revisiting', 'Scaling', 'Understanding', 'Regularizing', 'Benchmarking']
const people = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Emmy Noether', 'Srinivasa Ramanujan', 'Hedy Lamarr', 'Kurt Gödel']

/** `count` plausible records numbered from `first`, their words varied by `seed`. */
export function makeRecords(venue: string, year: number, first: number, count: number, seed = 0): RecordSpec[] {
  const records: RecordSpec[] = []
  for (let k = 0; k < count; k++) {
    const i = first + k
    const topic = topics[(i + seed) % topics.length] as string
    records.push({
      index: i,
      title: `${verbs[(i + 2 * seed) % verbs.length]} ${topic.replace(/\b\w/g, (c) => c.toUpperCase())} ${venue.toUpperCase()} ${year} No. ${i}`,
      authors: people.slice(i % 3, (i % 3) + 1 + (i % 4)),
      abstract: `We study ${topic} in generated setting ${i}-${seed}. Our method improves the baseline by ${(i % 10) + 0.5} points.`,
    })
  }
  return records
}

/** A listing file's text, in the format of the shipped listings. */
export function listingText(venue: string, year: number, records: readonly RecordSpec[]): string {
  return records
    .map((r) =>
      [
        `## [${r.index}] ${r.title}`,
        '',
        `**Authors**: *${r.authors.join(', ')}*`,
        '',
        `**Conference**: *${r.conference ?? `${venue.toLowerCase()} ${year}`}*`,
        '',
        `**URL**: [https://example.org/${venue.toLowerCase()}${year}/${r.index}](https://example.org/${venue.toLowerCase()}${year}/${r.index})`,
        '',
        '**Abstract**:',
        '',
        r.abstract,
        '',
        '----',
        '',
      ].join('\n'),
    )
    .join('\n')
}

/** Write `<content>/<Venue>/<year>/<name>` with the given records. */
export function writeListing(content: string, venueFolder: string, year: number, name: string, records: readonly RecordSpec[]): string {
  const path = join(content, venueFolder, String(year), name)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, listingText(venueFolder, year, records))
  return path
}

/**
 * The content every scenario starts from: the `basic` fixture (ICLR 2021 in two files, NIPS
 * 2022) plus a generated ICML 2023, so that there are three venue-years.
 */
export function makeContent(dir: string): string {
  const content = join(dir, 'content')
  cpSync(join(repoRoot, 'tests', 'fixtures', 'sites', 'basic'), content, { recursive: true })
  writeListing(content, 'ICML', 2023, 'ICML-2023-list01.md', makeRecords('icml', 2023, 0, 30, 1))
  return content
}

// ---------------------------------------------------------------------------------------------
// Output snapshots

export interface FileState {
  ino: number
  mtimeMs: number
  sha256: string
}

export type Tree = Map<string, FileState>

/** Every file under `root` as sorted `/`-separated relative paths (the site helpers' own). */
export { listFiles }

export function snapshotTree(root: string): Tree {
  const tree: Tree = new Map()
  for (const path of listFiles(root)) {
    const full = join(root, path)
    const stats = statSync(full)
    tree.set(path, { ino: stats.ino, mtimeMs: stats.mtimeMs, sha256: createHash('sha256').update(readFileSync(full)).digest('hex') })
  }
  return tree
}

export interface TreeDiff {
  added: string[]
  removed: string[]
  /** Same path, different bytes. */
  changed: string[]
  /** Same path, same bytes. */
  same: string[]
}

export function diffTrees(before: Tree, after: Tree): TreeDiff {
  const diff: TreeDiff = { added: [], removed: [], changed: [], same: [] }
  for (const [path, state] of after) {
    const old = before.get(path)
    if (!old) diff.added.push(path)
    else if (old.sha256 === state.sha256) diff.same.push(path)
    else diff.changed.push(path)
  }
  for (const path of before.keys()) if (!after.has(path)) diff.removed.push(path)
  return diff
}

/** Files whose bytes did not change must be the very same files: same inode, same mtime. */
export function expectUnchangedFilesKept(before: Tree, after: Tree, diff: TreeDiff): void {
  const rewritten = diff.same.filter((path) => {
    const a = before.get(path) as FileState
    const b = after.get(path) as FileState
    return a.ino !== b.ino || a.mtimeMs !== b.mtimeMs
  })
  expect(rewritten, 'files with unchanged bytes that were rewritten instead of linked').toEqual([])
}

/** Two sites are the same: the same file list, and every file the same bytes. */
export function expectSameSite(actual: string, expected: string): void {
  const actualFiles = listFiles(actual)
  const expectedFiles = listFiles(expected)
  const missing = expectedFiles.filter((path) => !actualFiles.includes(path))
  const extra = actualFiles.filter((path) => !expectedFiles.includes(path))
  expect({ missing, extra }, 'files missing from or extra to a clean build').toEqual({ missing: [], extra: [] })
  const different = expectedFiles.filter((path) => !readFileSync(join(actual, path)).equals(readFileSync(join(expected, path))))
  expect(different, 'files whose bytes differ from a clean build').toEqual([])
}

/** Sorted, for comparing path sets. */
export function sorted(paths: Iterable<string>): string[] {
  return [...paths].sort()
}

/** Output files of one venue-year: listing and paper pages, data and BibTeX files, search document and BibTeX chunks. */
export function isVenueYearFile(path: string, venue: string, year: number): boolean {
  return (
    path.startsWith(`${venue}/${year}/`) ||
    path === `data/${venue}-${year}.json` ||
    path === `data/${venue}-${year}.bib` ||
    path.startsWith(`search/docs/${venue}-${year}/`) ||
    path.startsWith(`search/bib/${venue}-${year}/`)
  )
}

/** An author page (`authors/<slug>/index.html`). */
export const isAuthorPage = (path: string) => path.startsWith('authors/')

// ---------------------------------------------------------------------------------------------
// The command line

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Run `node <bin> ...args` in `cwd` with stdout and stderr piped (so not a terminal). */
export function runCli(bin: string, args: readonly string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

// ---------------------------------------------------------------------------------------------
// One incremental build, checked against a clean one

export interface Step {
  result: BuildResult
  clean: BuildResult
  before: Tree
  after: Tree
  diff: TreeDiff
}

export interface StepOptions {
  ps: Papershelf
  config: Config
  cwd: string
  cacheDir: string
  jobs: number
  /** Where the clean build goes (removed afterwards); its parent must not be the output's. */
  cleanOut: string
}

/** Counters that do not depend on the cache: an incremental build must report the clean build's. */
export const comparedCounters = [
  'papers',
  'venueYears',
  'listingPages',
  'paperPages',
  'authorPages',
  'pages',
  'outputFiles',
  'outputBytes',
  'indexBytes',
] as const

/**
 * Build incrementally into `config.out`, then check what every incremental build must satisfy:
 * it succeeded; files whose bytes did not change kept their inode and mtime; the site equals
 * a clean build (no cache, fresh folder) of the same content and config byte for byte; and the
 * counters agree with the clean build and with the disk.
 */
export async function incrementalStep(options: StepOptions): Promise<Step> {
  const { ps, config, cwd, cacheDir, jobs, cleanOut } = options
  const out = config.out
  const before: Tree = existsSync(out) ? snapshotTree(out) : new Map()
  const result = await ps.buildSite({ config, cwd, cacheDir, jobs })
  expect(result.errors, result.files.flatMap((f) => f.messages.map(String)).join('\n')).toBe(0)
  expect(result.ok).toBe(true)
  const after = snapshotTree(out)
  const diff = diffTrees(before, after)
  expectUnchangedFilesKept(before, after, diff)

  const clean = await ps.buildSite({ config: { ...config, out: cleanOut }, cwd, cacheDir: undefined, jobs: 0 })
  expect(clean.ok).toBe(true)
  expectSameSite(out, cleanOut)
  rmSync(dirname(cleanOut), { recursive: true, force: true })

  for (const key of comparedCounters) expect(result[key], key).toBe(clean[key])
  expect(result.outputFiles, 'outputFiles is the number of files in the output').toBe(after.size)
  expect(result.unchangedFiles, 'unchangedFiles counts the files carried over with the same bytes').toBe(diff.same.length)
  expect(result.venueYearsReused + result.venueYearsRendered).toBe(result.venueYears)
  expect(result.listingsCached + result.listingsParsed).toBe(ps.checkContent(config, cwd).listings.length)
  return { result, clean, before, after, diff }
}
