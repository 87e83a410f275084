/**
 * Synthetic content for fault tests: listing files of generated records, written into a
 * content folder, and helpers to run the CLI and compare output folders.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { buildFixtureSite, repoRoot, sharedCacheDir } from '../helpers/build.ts'
import { hashTree } from '../helpers/site-files.ts'

export const cli = join(repoRoot, 'bin', 'papershelf.js')

export interface SyntheticOptions {
  /** Written into every title and abstract, so that two versions differ on every page. */
  version: string
  venues?: string[]
  years?: number[]
  filesPerYear?: number
  papersPerFile?: number
}

/** One listing file's text. */
export function listingText(venue: string, year: number, file: number, papers: number, version: string): string {
  const parts: string[] = []
  for (let k = 0; k < papers; k++) {
    const index = file * papers + k
    parts.push(
      `## [${index}] ${venue} ${year} paper ${index} (${version}): learning *robust* representations of $x_${k}$\n\n`,
      `**Authors**: *Author ${k % 97}, Author ${(k * 7) % 101}, Author ${version}*\n\n`,
      `**Conference**: *${venue.toLowerCase()} ${year}*\n\n`,
      `**URL**: [https://example.org/${venue}/${year}/${index}](https://example.org/${venue}/${year}/${index})\n\n`,
      `**Abstract**:\n\nAbstract ${version} of paper ${index}. We study representations, graphs and optimisation at scale.\nSecond line with \`code\` and a [link](https://example.org/${index}).\n\n----\n\n`,
    )
  }
  return parts.join('')
}

/** Write synthetic listings into `dir` (created); returns the number of papers. */
export function writeSyntheticContent(dir: string, options: SyntheticOptions): number {
  const { version, venues = ['ICLR', 'NIPS', 'ICML'], years = [2021], filesPerYear = 2, papersPerFile = 500 } = options
  let count = 0
  for (const venue of venues) {
    for (const year of years) {
      const folder = join(dir, venue, String(year))
      mkdirSync(folder, { recursive: true })
      for (let f = 1; f <= filesPerYear; f++) {
        writeFileSync(join(folder, `${venue}-${year}-list${String(f).padStart(2, '0')}.md`), listingText(venue, year, f, papersPerFile, version))
        count += papersPerFile
      }
    }
  }
  return count
}

/** Replace a file whole: write a temporary file beside it and rename it over. */
export function replaceFile(path: string, content: string): void {
  const temp = `${path}.tmp-${process.pid}`
  writeFileSync(temp, content)
  renameSync(temp, path)
}

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
}

/**
 * The temporary folder of the CLI runs: builds these tests kill leave their scratch folder
 * behind, so they make it here, and it goes after the test file that imports this module.
 */
let cliTmp: string | undefined
function cliTmpDir(): string {
  cliTmp ??= mkdtempSync(join(tmpdir(), 'papershelf-faults-'))
  return cliTmp
}
afterAll(() => {
  if (cliTmp) rmSync(cliTmp, { recursive: true, force: true })
  cliTmp = undefined
})

/** Start `papershelf <args>`; `nodeArgs` go to node before the script (e.g. `--import`). */
export function startCli(
  args: string[],
  options: { nodeArgs?: string[]; env?: Record<string, string>; cwd?: string } = {},
): { child: ChildProcess; done: Promise<CliRun> } {
  const started = performance.now()
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), cli, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, TMPDIR: cliTmpDir(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - started }))
  })
  return { child, done }
}

export function runCli(args: string[], options: { nodeArgs?: string[]; env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  return startCli(args, options).done
}

/** Path → hash of every file of a folder, or `undefined` if it does not exist. */
export function snapshot(dir: string): Map<string, string> | undefined {
  return existsSync(dir) ? hashTree(dir) : undefined
}

/** Which of the known versions a folder's files are exactly, or a description of the mix. */
export function identify(tree: Map<string, string> | undefined, versions: Record<string, Map<string, string>>): string {
  if (tree === undefined) return 'missing'
  for (const [name, version] of Object.entries(versions)) if (sameTree(tree, version)) return name
  const described = Object.entries(versions).map(([name, version]) => {
    const same = [...tree].filter(([path, hash]) => version.get(path) === hash).length
    return `${same}/${version.size} files of ${name}`
  })
  return `mix (${tree.size} files: ${described.join(', ')})`
}

export function sameTree(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([path, hash]) => b.get(path) === hash)
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Seed a private cache folder with the shared test cache's front-end bundle (made once, under
 * the helpers' lock, by a small build), so that the builds of a fault test do not run Vite.
 */
export async function warmCache(dir: string): Promise<void> {
  const content = mkdtempSync(join(tmpdir(), 'papershelf-warm-'))
  try {
    writeSyntheticContent(content, { version: 'warm', venues: ['ICLR'], filesPerYear: 1, papersPerFile: 2 })
    const warm = await buildFixtureSite(content)
    warm.cleanup()
  } finally {
    rmSync(content, { recursive: true, force: true })
  }
  mkdirSync(dir, { recursive: true })
  if (existsSync(join(sharedCacheDir, 'assets'))) cpSync(join(sharedCacheDir, 'assets'), join(dir, 'assets'), { recursive: true })
}
