/**
 * The regeneration loop on the shared corpus (issue budgets): rebuild with nothing changed, add a
 * new venue-year of five listing files (~700 papers), edit one abstract, and in `papershelf dev`
 * the time from saving a listing to the reloaded page in Chromium. Each build is a child process
 * of the CLI, timed from spawn to exit (Node start-up included), with a warm cache as a
 * maintainer has it. Run alone: `node bin/run-ts.js bench/incremental.ts [--corpus DIR]`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { generateCorpus } from './synth.ts'

const repo = resolve(import.meta.dirname, '..')

export interface IncrementalFigures {
  corpus: string
  papers: number
  /** Seconds, spawn to exit, of each rebuild. */
  coldWithCache: number
  noChange: number
  addVenueYear: { seconds: number; files: number; papers: number }
  /** An abstract of the first listing file, and one of the largest venue-year (whose pages are all rendered again). */
  editAbstract: number
  editAbstractLargest: { seconds: number; venueYear: string; papers: number }
  /** Saved listing to the `load` event of the reloaded page, in `papershelf dev`. */
  devSaveToReload: number | null
}

/**
 * Each timed step starts on a settled disk: `sync` first, so that the write-back of the step
 * before (hundreds of megabytes after the first build) is not billed to it. A maintainer's
 * edits come seconds or minutes apart, by which time the kernel has written that back anyway.
 */
function settle(): void {
  spawnSync('sync')
}

function timeBuild(content: string, out: string, cache: string): number {
  settle()
  const started = performance.now()
  const run = spawnSync(process.execPath, ['bin/papershelf.js', 'build', '--content', content, '--out', out, '--cache-dir', cache, '--quiet'], {
    cwd: repo,
    encoding: 'utf8',
  })
  if (run.status !== 0) throw new Error(`build failed: ${run.stderr}`)
  return (performance.now() - started) / 1000
}

function listingFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.md') && !/readme\.md$/i.test(f))
    .sort()
}

/** A venue-year of about `papers` papers in `files` listing files, from the synthetic generator. */
function newVenueYear(content: string, papers: number, files: number): { files: number; papers: number } {
  const scratch = mkdtempSync(join(tmpdir(), 'papershelf-bench-vy-'))
  try {
    const existing = readdirSync(content)
    generateCorpus({ papers, seed: 7, outDir: scratch, format: 'plain', excludeVenues: existing, perFile: Math.ceil(papers / files) })
    const venue = readdirSync(scratch).find((name) => !name.endsWith('.md')) as string
    const year = readdirSync(join(scratch, venue)).find((name) => /^\d{4}$/.test(name)) as string
    cpSync(join(scratch, venue, year), join(content, venue, year), { recursive: true })
    const added = listingFiles(join(content, venue, year))
    const count = added.reduce((n, f) => n + (readFileSync(join(content, venue, year, f), 'utf8').match(/^## \[/gm)?.length ?? 0), 0)
    return { files: added.length, papers: count }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** Change one word of the first abstract of a listing, in place. */
function editAbstract(file: string, marker: string): void {
  const text = readFileSync(file, 'utf8')
  const at = text.indexOf('**Abstract**:')
  const paragraph = text.indexOf('\n\n', at) + 2
  writeFileSync(`${file}.tmp`, `${text.slice(0, paragraph)}${marker} ${text.slice(paragraph)}`)
  renameSync(`${file}.tmp`, file)
}

/** The venue-year folder with the most papers, and its first listing file. */
function largestVenueYear(content: string): { venueYear: string; papers: number; file: string } {
  const byFolder = new Map<string, { papers: number; files: string[] }>()
  for (const file of listingFiles(content)) {
    const folder = file.split('/').slice(0, -1).join('/')
    const entry = byFolder.get(folder) ?? { papers: 0, files: [] }
    entry.papers += readFileSync(join(content, file), 'utf8').match(/^## \[/gm)?.length ?? 0
    entry.files.push(file)
    byFolder.set(folder, entry)
  }
  const [folder, entry] = [...byFolder].sort((a, b) => b[1].papers - a[1].papers)[0] as [string, { papers: number; files: string[] }]
  return { venueYear: folder, papers: entry.papers, file: entry.files[0] as string }
}

async function devReload(content: string, cache: string): Promise<number> {
  const port = 5400 + Math.floor(Math.random() * 500)
  const dev: ChildProcess = spawn(
    process.execPath,
    ['bin/papershelf.js', 'dev', '--content', content, '--cache-dir', cache, '--port', String(port), '--host', '127.0.0.1'],
    {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  try {
    await new Promise<void>((ready, fail) => {
      let log = ''
      const onData = (chunk: Buffer) => {
        log += chunk.toString().replace(/\x1b\[[0-9;]*m/g, '')
        if (log.includes(`127.0.0.1:${port}`)) ready()
      }
      dev.stdout?.on('data', onData)
      dev.stderr?.on('data', onData)
      dev.on('exit', (code) => fail(new Error(`dev exited (${code}): ${log.slice(-500)}`)))
    })
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    })
    try {
      const page = await browser.newPage()
      const file = join(content, listingFiles(content)[0] as string)
      const id = /^## \[(\d+)\]/m.exec(readFileSync(file, 'utf8'))?.[1]
      const venueYear = /\*\*Conference\*\*: \*(\S+) (\d{4})\*/.exec(readFileSync(file, 'utf8'))
      await page.goto(`http://127.0.0.1:${port}/${venueYear?.[1]}/${venueYear?.[2]}/${id}/`)
      settle()
      const reloaded = page.waitForEvent('load', { timeout: 60_000 })
      const started = performance.now()
      editAbstract(file, 'Reloaded.')
      await reloaded
      return (performance.now() - started) / 1000
    } finally {
      await browser.close()
    }
  } finally {
    dev.kill('SIGTERM')
  }
}

/**
 * The regeneration figures, measured in a new temporary folder. With `keepWork`, the folder is
 * left for the caller to delete once nothing else is measured (see bench/README.md, Clean-up).
 */
export async function incrementalFigures(corpus: string, keepWork = false): Promise<IncrementalFigures & { work: string }> {
  const work = mkdtempSync(join(tmpdir(), 'papershelf-bench-incremental-'))
  // Deleted here after a failure; after success only without `keepWork`.
  let keep = false
  try {
    const content = join(work, 'content')
    cpSync(corpus, content, { recursive: true })
    const out = join(work, 'site')
    const cache = join(work, 'cache')
    const papers = listingFiles(content).reduce((n, f) => n + (readFileSync(join(content, f), 'utf8').match(/^## \[/gm)?.length ?? 0), 0)
    const coldWithCache = timeBuild(content, out, cache)
    const noChange = timeBuild(content, out, cache)
    const added = newVenueYear(content, 700, 5)
    const addSeconds = timeBuild(content, out, cache)
    editAbstract(join(content, listingFiles(content)[0] as string), 'Edited.')
    const editSeconds = timeBuild(content, out, cache)
    const largest = largestVenueYear(content)
    editAbstract(join(content, largest.file), 'Edited.')
    const editLargestSeconds = timeBuild(content, out, cache)
    let devSaveToReload: number | null = null
    if (existsSync('/usr/bin/chromium')) devSaveToReload = await devReload(content, cache)
    keep = keepWork
    return {
      corpus,
      papers,
      coldWithCache,
      noChange,
      addVenueYear: { seconds: addSeconds, ...added },
      editAbstract: editSeconds,
      editAbstractLargest: { seconds: editLargestSeconds, venueYear: largest.venueYear, papers: largest.papers },
      devSaveToReload,
      work,
    }
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true })
  }
}

export function incrementalReport(f: IncrementalFigures): string {
  const row = (name: string, seconds: number | null, budget: number) =>
    `${name.padEnd(44)} ${seconds === null ? 'n/a'.padStart(8) : `${seconds.toFixed(2)} s`.padStart(8)}   budget ≤ ${budget} s ${seconds !== null && seconds <= budget ? 'met' : 'MISSED'}`
  return [
    `Regeneration on ${f.papers.toLocaleString('en-US')} papers (${f.corpus}), CLI child processes, warm cache:`,
    `${'first build (fills the cache)'.padEnd(44)} ${`${f.coldWithCache.toFixed(2)} s`.padStart(8)}`,
    row('rebuild, nothing changed', f.noChange, 1.5),
    row(`add a venue-year (${f.addVenueYear.files} files, ${f.addVenueYear.papers} papers)`, f.addVenueYear.seconds, 3),
    row('edit one abstract (first listing file)', f.editAbstract, 2),
    row(`edit one abstract (${f.editAbstractLargest.venueYear}, ${f.editAbstractLargest.papers} papers)`, f.editAbstractLargest.seconds, 2),
    row('dev: saved listing → reloaded page', f.devSaveToReload, 2),
  ].join('\n')
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const index = process.argv.indexOf('--corpus')
  const corpus = index > 0 ? (process.argv[index + 1] as string) : join(repo, '..', 'shared', 'corpus')
  const figures = await incrementalFigures(corpus)
  process.stdout.write(`${incrementalReport(figures)}\n`)
}
