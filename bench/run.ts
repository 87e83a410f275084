/**
 * `npm run bench`: build the site from a realistic corpus and measure it.
 *
 * For each case a corpus is assembled under bench/out/<case>/content (the real corpus from
 * ../shared/corpus when it exists, topped up with synthetic papers to the target), then the CLI is
 * run as a child process for: a cold build (`--no-cache`, empty output), a first build with the
 * cache (which fills it), a no-change rebuild and an add-one-file rebuild. Each reports wall time,
 * throughput, the child's peak RSS, CPU time and what was written. The naive pipeline
 * (bench/naive.ts) runs on the same corpus for comparison; right after the cold build, search is
 * measured in real Chromium next to Pagefind (bench/search.ts). A table goes to stdout and every
 * figure to bench/results.json. See bench/README.md.
 *
 * Flags: --papers N (default 27000), --only-synthetic, --with-250k / --skip-250k (default skip),
 *        --seed N (default 1), --format plain|indented-crlf|mixed (synthetic part; default mixed),
 *        --work <dir> (default bench/out), --keep (keep corpora and sites), --no-naive,
 *        --results <file> (default bench/results.json),
 *        --ref <commit> (measure that commit's CLI, exported with `git archive`, instead of the checkout's),
 *        --no-search (skip the search figures), --no-pagefind (search figures without Pagefind)
 */
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { type IncrementalFigures, incrementalFigures, incrementalReport } from './incremental.ts'
import { listingFiles, type NaiveResult } from './naive.ts'
import { formatSearch, measureSearch, type SearchFigures } from './search.ts'
import { type CorpusFormat, generateCorpus } from './synth.ts'

const benchDir = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(benchDir, '..')
/** The real listings, used when they are checked out beside the repository. */
const sharedCorpus = resolve(repoRoot, '../shared/corpus')
/** The CLI under test: this checkout's, or that of an exported commit (`--ref`). */
let cliPath = join(repoRoot, 'bin', 'papershelf.js')
const runTsPath = join(repoRoot, 'bin', 'run-ts.js')
const timeBinary = '/usr/bin/time'

// ---------------------------------------------------------------------------------------------
// Search-in-browser figures (bench/search.ts)

/** Set from the command line: `--no-search`, `--no-pagefind`, and the tree whose CLI built the site (`--ref`). */
const searchSettings = { enabled: true, pagefind: true, treeDir: repoRoot }

/** What a case reports about search: the figures, or why there are none. */
export type SearchOutcome = SearchFigures | { skipped: string } | { error: string }

/**
 * Search figures in real Chromium, papershelf side by side with Pagefind (bench/search.ts). Called
 * once per case right after the cold build, while `siteDir` holds the freshly built site of
 * `papers` papers; stored under `search` in bench/results.json.
 */
export async function searchFigures(context: { siteDir: string; papers: number; caseName: string }): Promise<SearchOutcome> {
  if (!searchSettings.enabled) return { skipped: 'skipped (--no-search)' }
  log(`[${context.caseName}] search in the browser …`)
  try {
    return await measureSearch({
      siteDir: context.siteDir,
      papers: context.papers,
      treeDir: searchSettings.treeDir,
      pagefind: searchSettings.pagefind,
      log: (line) => log(`[${context.caseName}] ${line.trimStart()}`),
    })
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
    log(`[${context.caseName}] search measurement failed: ${message}`)
    return { error: message.split('\n')[0] ?? message }
  }
}

// ---------------------------------------------------------------------------------------------
// Child processes, measured

interface Measured {
  exitCode: number
  wallSeconds: number
  /** Peak resident set size of the child, in bytes; null when it could not be measured. */
  peakRssBytes: number | null
  rssMethod: 'time -v' | 'proc VmHWM' | 'unavailable'
  userSeconds: number | null
  systemSeconds: number | null
  stdout: string
  stderr: string
}

/**
 * Run `node <args>` and measure it: wall time from the parent; peak RSS and CPU time from
 * `/usr/bin/time -v` when present, else by polling the child's VmHWM in /proc.
 */
function runMeasured(args: string[], cwd: string): Promise<Measured> {
  const useTime = existsSync(timeBinary)
  const timeFile = useTime ? join(mkdtempSync(join(tmpdir(), 'papershelf-bench-')), 'time.txt') : ''
  const command = useTime ? timeBinary : process.execPath
  const argv = useTime ? ['-v', '-o', timeFile, process.execPath, ...args] : args
  return new Promise((resolvePromise, reject) => {
    const started = performance.now()
    const child = spawn(command, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    let polledHwmKb = 0
    const poll = useTime
      ? undefined
      : setInterval(() => {
          try {
            const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
            if (match) polledHwmKb = Math.max(polledHwmKb, Number(match[1]))
          } catch {
            // The child has exited, or there is no /proc.
          }
        }, 25)
    child.on('error', reject)
    child.on('close', (code) => {
      const wallSeconds = (performance.now() - started) / 1000
      if (poll) clearInterval(poll)
      let peakRssBytes: number | null = polledHwmKb > 0 ? polledHwmKb * 1024 : null
      let userSeconds: number | null = null
      let systemSeconds: number | null = null
      let rssMethod: Measured['rssMethod'] = polledHwmKb > 0 ? 'proc VmHWM' : 'unavailable'
      if (useTime) {
        const report = existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : ''
        rmSync(dirname(timeFile), { recursive: true, force: true })
        const number = (label: string) => {
          const match = new RegExp(`${label}:\\s*([\\d.]+)`).exec(report)
          return match ? Number(match[1]) : null
        }
        const kb = number('Maximum resident set size \\(kbytes\\)')
        peakRssBytes = kb === null ? null : kb * 1024
        rssMethod = kb === null ? 'unavailable' : 'time -v'
        userSeconds = number('User time \\(seconds\\)')
        systemSeconds = number('System time \\(seconds\\)')
      }
      resolvePromise({ exitCode: code ?? -1, wallSeconds, peakRssBytes, rssMethod, userSeconds, systemSeconds, stdout, stderr })
    })
  })
}

// ---------------------------------------------------------------------------------------------
// Corpus and output measurements

interface CorpusFigures {
  dir: string
  papers: number
  realPapers: number
  syntheticPapers: number
  listingFiles: number
  /** Bytes of listing files (the input the throughput figures are computed from). */
  bytes: number
  realSource: string | null
  synthetic: { seed: number; format: CorpusFormat; venueYears: number } | null
}

interface OutputFigures {
  files: number
  /** Sum of the output files' sizes. */
  bytes: number
  /** `du -sk` of the output folder (disk blocks actually used), in KiB; null without `du`. */
  duKiB: number | null
  largest: { path: string; bytes: number } | null
}

const recordHeading = /^ {0,8}## \[/

function countPapers(files: string[]): { papers: number; bytes: number } {
  let papers = 0
  let bytes = 0
  for (const path of files) {
    const text = readFileSync(path, 'utf8')
    bytes += Buffer.byteLength(text)
    for (const line of text.split('\n')) if (recordHeading.test(line)) papers++
  }
  return { papers, bytes }
}

function measureOutput(dir: string): OutputFigures {
  let files = 0
  let bytes = 0
  let largest: OutputFigures['largest'] = null
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) {
        const size = statSync(path).size
        files++
        bytes += size
        if (!largest || size > largest.bytes) largest = { path: relative(dir, path), bytes: size }
      }
    }
  }
  if (existsSync(dir)) walk(dir)
  const du = spawnSync('du', ['-sk', dir], { encoding: 'utf8' })
  const duKiB = du.status === 0 ? Number(du.stdout.split(/\s/)[0]) : null
  return { files, bytes, duKiB, largest }
}

/** Top-level venue folders of the real corpus, as synthetic venue keys to leave out (`NIPS` also rules out `neurips`). */
function venuesOf(corpus: string): string[] {
  const venues = readdirSync(corpus, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name.toLowerCase())
  return venues.includes('nips') ? [...venues, 'neurips'] : venues
}

function assembleCorpus(dir: string, target: number, useReal: boolean, seed: number, format: CorpusFormat): CorpusFigures {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  let realPapers = 0
  let exclude: string[] = []
  const hasReal = useReal && existsSync(sharedCorpus)
  if (hasReal) {
    cpSync(sharedCorpus, dir, { recursive: true })
    realPapers = countPapers(listingFiles(dir)).papers
    exclude = venuesOf(dir)
  }
  const wanted = Math.max(0, target - realPapers)
  const generated = wanted > 0 ? generateCorpus({ papers: wanted, seed, outDir: dir, format, excludeVenues: exclude }) : undefined
  const files = listingFiles(dir)
  const counted = countPapers(files)
  return {
    dir,
    papers: counted.papers,
    realPapers,
    syntheticPapers: generated?.papers ?? 0,
    listingFiles: files.length,
    bytes: counted.bytes,
    realSource: hasReal ? sharedCorpus : null,
    synthetic: generated ? { seed, format, venueYears: generated.venueYears } : null,
  }
}

/**
 * Copy one listing file into a new venue-year folder (the next year of its venue), rewriting its
 * **Conference** fields to match and dropping its previous/next page links.
 */
function addOneFile(corpus: string): { path: string; papers: number; bytes: number } {
  const source = listingFiles(corpus)[0]
  if (!source) throw new Error(`No listing file in ${corpus}`)
  const parts = relative(corpus, source).split('/')
  const venueFolder = parts[0] as string
  const years = readdirSync(join(corpus, venueFolder))
    .filter((name) => /^\d{4}$/.test(name))
    .map(Number)
  const year = Math.max(...years) + 1
  const venue = venueFolder.toLowerCase()
  const dir = join(corpus, venueFolder, String(year))
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${venueFolder}-${year}-list01.md`)
  copyFileSync(source, path)
  const text = readFileSync(path, 'utf8')
    .replace(/(\*\*Conference\*\*: \*)[^*\r\n]*(\*)/g, `$1${venue} ${year}$2`)
    .replace(/^\[Go to the (?:previous|next) page\]\([^)]*\)\r?\n\r?\n/gm, '')
  writeFileSync(path, text)
  const counted = countPapers([path])
  return { path: relative(corpus, path), ...counted }
}

// ---------------------------------------------------------------------------------------------
// Builds

type BuildKind = 'cold' | 'cacheFill' | 'noChange' | 'addOneFile'

interface BuildFigures {
  kind: BuildKind
  description: string
  command: string
  exitCode: number
  /** The CLI's own summary line (`Built … in … s`). */
  summary: string
  wallSeconds: number
  userSeconds: number | null
  systemSeconds: number | null
  peakRssBytes: number | null
  rssMethod: Measured['rssMethod']
  /** 1-minute load average just before the build: the machine may be shared (2 cores here). */
  loadAverageBefore: number
  papers: number
  inputBytes: number
  papersPerSecond: number
  inputMBPerSecond: number
  output: OutputFigures
}

const descriptions: Record<BuildKind, string> = {
  cold: 'cold build: --no-cache, empty output folder',
  cacheFill: 'first build with the cache (empty cache, existing output): fills the cache',
  noChange: 'no-change rebuild: with the cache, same content',
  addOneFile: 'add-one-file rebuild: with the cache, one listing file copied into a new venue-year',
}

/** A build's figures but its output: what differs from one run of the same build to the next. */
type TimedBuild = Omit<BuildFigures, 'output'>

async function timedBuild(kind: BuildKind, corpus: CorpusFigures, siteDir: string, cacheDir: string, cwd: string): Promise<TimedBuild> {
  const args = [cliPath, 'build', '--content', corpus.dir, '--out', siteDir, ...(kind === 'cold' ? ['--no-cache'] : ['--cache-dir', cacheDir])]
  // Like the regeneration figures: the write-back of what came before is not billed to this build.
  spawnSync('sync')
  const loadAverageBefore = loadavg()[0] ?? 0
  const run = await runMeasured(args, cwd)
  const summary = run.stderr.split('\n').find((line) => line.startsWith('Built ')) ?? ''
  if (run.exitCode !== 0) {
    process.stderr.write(run.stderr)
    throw new Error(`${kind} build failed with exit code ${run.exitCode}`)
  }
  const builtPapers = /^Built ([\d,]+) papers/.exec(summary)?.[1]
  const papers = builtPapers ? Number(builtPapers.replace(/,/g, '')) : corpus.papers
  return {
    kind,
    description: descriptions[kind],
    command: `node ${['bin/papershelf.js', ...args.slice(1)].join(' ')}`,
    exitCode: run.exitCode,
    summary,
    wallSeconds: run.wallSeconds,
    userSeconds: run.userSeconds,
    systemSeconds: run.systemSeconds,
    peakRssBytes: run.peakRssBytes,
    rssMethod: run.rssMethod,
    loadAverageBefore,
    papers,
    inputBytes: corpus.bytes,
    papersPerSecond: papers / run.wallSeconds,
    inputMBPerSecond: corpus.bytes / 1e6 / run.wallSeconds,
  }
}

interface NaiveFigures extends NaiveResult {
  /** Wall time of the child process (node start-up and module loading included). */
  wallSeconds: number
  userSeconds: number | null
  systemSeconds: number | null
  peakRssBytes: number | null
  papersPerSecond: number
  inputMBPerSecond: number
}

async function naive(corpus: CorpusFigures, cwd: string): Promise<NaiveFigures> {
  const run = await runMeasured([runTsPath, join(benchDir, 'naive.ts'), '--content', corpus.dir], cwd)
  if (run.exitCode !== 0) {
    process.stderr.write(run.stderr)
    throw new Error(`naive pipeline failed with exit code ${run.exitCode}`)
  }
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as NaiveResult
  return {
    ...result,
    wallSeconds: run.wallSeconds,
    userSeconds: run.userSeconds,
    systemSeconds: run.systemSeconds,
    peakRssBytes: run.peakRssBytes,
    papersPerSecond: corpus.papers / result.seconds,
    inputMBPerSecond: result.bytes / 1e6 / result.seconds,
  }
}

interface CaseFigures {
  name: string
  corpus: CorpusFigures
  addedFile: { path: string; papers: number; bytes: number }
  /** The cold build's entry is its median run (by wall time), see `coldRuns`. */
  builds: BuildFigures[]
  /** Every cold build of the case, in the order run (each alternating with a naive run). */
  coldRuns: TimedBuild[]
  /** The median naive run (by in-process time), see `naiveRuns`. */
  naive: NaiveFigures | null
  naiveRuns: NaiveFigures[]
  /** median naive pipeline seconds (in-process) / median cold build wall seconds. */
  naiveOverCold: number | null
  /** The same ratio for each cold build and the naive run after it, smallest and largest. */
  naiveOverColdRange: [number, number] | null
  /** median naive child wall seconds / median cold build wall seconds (both including node start-up). */
  naiveWallOverColdWall: number | null
  search: SearchOutcome
}

/** The run at the middle of `runs` ordered by `seconds` (the lower middle for an even count): a real run, whose other figures stand with it. */
function medianRun<T>(runs: readonly T[], seconds: (run: T) => number): T {
  const sorted = [...runs].sort((a, b) => seconds(a) - seconds(b))
  return sorted[Math.floor((sorted.length - 1) / 2)] as T
}

/**
 * How long file creation stays slow after a large deletion on this machine's disk: the kernel
 * looks back 60 s, or 360 s while the inode table block is not yet written. Measured: 70 s after
 * a deletion and `sync`, the 9,568-paper first build took 16.2 and 20.5 s; after 5 quiet
 * minutes, 10.0 s.
 */
const settleSeconds = 360

async function runCase(
  name: string,
  work: string,
  target: number,
  useReal: boolean,
  seed: number,
  format: CorpusFormat,
  withNaive: boolean,
  repeat: number,
): Promise<CaseFigures> {
  const caseDir = join(work, name)
  if (existsSync(caseDir)) {
    rmSync(caseDir, { recursive: true, force: true })
    // See the clean-up at the end of `main`: file creation is slow for a while after a large deletion.
    log(`[${name}] removed a leftover ${relative(process.cwd(), caseDir) || caseDir}; waiting ${settleSeconds} s for the disk to settle …`)
    spawnSync('sync')
    await new Promise((done) => setTimeout(done, settleSeconds * 1000))
  }
  mkdirSync(caseDir, { recursive: true })
  const siteDir = join(caseDir, 'site')
  const cacheDir = join(caseDir, 'cache')
  log(`\n[${name}] assembling the corpus in ${relative(process.cwd(), caseDir) || caseDir} …`)
  const started = performance.now()
  const corpus = assembleCorpus(join(caseDir, 'content'), target, useReal, seed, format)
  log(
    `[${name}] ${corpus.papers.toLocaleString('en-US')} papers (${corpus.realPapers.toLocaleString('en-US')} real, ${corpus.syntheticPapers.toLocaleString('en-US')} synthetic) in ${corpus.listingFiles} listing files, ${mb(corpus.bytes)} MB, assembled in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  const step = async (kind: BuildKind, options: { corpus?: CorpusFigures; dir?: string; of?: string } = {}): Promise<TimedBuild> => {
    log(`[${name}] ${descriptions[kind]}${options.of ?? ''} …`)
    const figures = await timedBuild(kind, options.corpus ?? corpus, options.dir ?? siteDir, cacheDir, caseDir)
    log(`[${name}]   ${figures.wallSeconds.toFixed(2)} s, peak RSS ${figures.peakRssBytes === null ? '?' : mb(figures.peakRssBytes)} MB — ${figures.summary}`)
    return figures
  }
  // The output of a build is measured once it is done, outside its time.
  const measured = (figures: TimedBuild): BuildFigures => ({ ...figures, output: measureOutput(siteDir) })
  // Cold builds and naive runs alternate, so that both see the same spells of a shared
  // machine; each cold build gets its own output folder, because deleting one site would slow
  // the next build's file creation (see the clean-up at the end of `main`). The last one's site
  // is the one the search figures and the rebuilds use.
  const colds: TimedBuild[] = []
  const naives: NaiveFigures[] = []
  for (let i = 1; i <= repeat; i++) {
    const of = repeat > 1 ? ` (${i} of ${repeat})` : ''
    colds.push(await step('cold', { dir: i === repeat ? siteDir : join(caseDir, `site-cold-${i}`), of }))
    if (withNaive) {
      log(`[${name}] naive pipeline${of} …`)
      const naiveRun = await naive(corpus, caseDir)
      log(`[${name}]   ${naiveRun.seconds.toFixed(2)} s`)
      naives.push(naiveRun)
    }
  }
  // Every cold build writes the same site: the last one's stands for all.
  const cold = medianRun(colds, (run) => run.wallSeconds)
  const builds = [measured(cold)]
  const naiveFigures = naives.length > 0 ? medianRun(naives, (run) => run.seconds) : null
  const pairRatios = naives.map((run, i) => run.seconds / (colds[i] as TimedBuild).wallSeconds)
  const search = await searchFigures({ siteDir, papers: corpus.papers, caseName: name })
  builds.push(measured(await step('cacheFill')))
  builds.push(measured(await step('noChange')))
  const addedFile = addOneFile(corpus.dir)
  const withAdded = { ...corpus, papers: corpus.papers + addedFile.papers, bytes: corpus.bytes + addedFile.bytes, listingFiles: corpus.listingFiles + 1 }
  log(`[${name}] added ${addedFile.path} (${addedFile.papers} papers)`)
  builds.push(measured(await step('addOneFile', { corpus: withAdded })))
  return {
    name,
    corpus,
    addedFile,
    builds,
    coldRuns: colds,
    naive: naiveFigures,
    naiveRuns: naives,
    naiveOverCold: naiveFigures ? naiveFigures.seconds / cold.wallSeconds : null,
    naiveOverColdRange: pairRatios.length > 0 ? [Math.min(...pairRatios), Math.max(...pairRatios)] : null,
    naiveWallOverColdWall: naiveFigures ? medianRun(naives, (run) => run.wallSeconds).wallSeconds / cold.wallSeconds : null,
    search,
  }
}

function git(...args: string[]): string | null {
  const run = spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' })
  return run.status === 0 ? run.stdout.replace(/\s+$/, '') : null
}

/**
 * Export a commit's files (`git archive`, which leaves the repository untouched) into the work
 * folder, with this checkout's node_modules linked in, and measure that tree's CLI: a stable
 * subject while the checkout is being edited.
 */
function exportTree(ref: string, work: string): { ref: string; commit: string; dir: string } {
  const commit = git('rev-parse', '--verify', `${ref}^{commit}`)
  if (!commit) throw new Error(`Unknown git ref ${ref}`)
  const dir = join(work, `tree-${commit.slice(0, 12)}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const archive = spawnSync('sh', ['-c', 'git archive "$1" | tar -x -C "$2"', 'sh', commit, dir], { cwd: repoRoot, encoding: 'utf8' })
  if (archive.status !== 0) throw new Error(`git archive ${commit} failed: ${archive.stderr}`)
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir')
  cliPath = join(dir, 'bin', 'papershelf.js')
  log(`measuring the CLI of ${ref} (${commit.slice(0, 12)}), exported to ${relative(process.cwd(), dir)}`)
  return { ref, commit, dir }
}

// ---------------------------------------------------------------------------------------------
// Report

function log(line: string): void {
  process.stderr.write(`${line}\n`)
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1)

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')).join('\n')
}

function report(c: CaseFigures): string {
  const rows: string[][] = [['', 'wall s', 'load', 'CPU s', 'papers/s', 'MB/s in', 'peak RSS MB', 'out MB', 'du MB', 'out files', 'largest file']]
  const label: Record<BuildKind, string> = {
    cold: 'cold (--no-cache)',
    cacheFill: 'first cached build',
    noChange: 'no-change rebuild',
    addOneFile: 'add-one-file rebuild',
  }
  for (const b of c.builds) {
    const cpu = b.userSeconds !== null && b.systemSeconds !== null ? (b.userSeconds + b.systemSeconds).toFixed(2) : '?'
    rows.push([
      label[b.kind],
      b.wallSeconds.toFixed(2),
      b.loadAverageBefore.toFixed(1),
      cpu,
      Math.round(b.papersPerSecond).toLocaleString('en-US'),
      b.inputMBPerSecond.toFixed(1),
      b.peakRssBytes === null ? '?' : mb(b.peakRssBytes),
      mb(b.output.bytes),
      b.output.duKiB === null ? '?' : ((b.output.duKiB * 1024) / 1e6).toFixed(1),
      b.output.files.toLocaleString('en-US'),
      b.output.largest ? `${b.output.largest.path} (${(b.output.largest.bytes / 1e3).toFixed(0)} kB)` : '-',
    ])
  }
  if (c.naive) {
    rows.push([
      'naive remark pipeline',
      c.naive.seconds.toFixed(2),
      '',
      c.naive.userSeconds !== null && c.naive.systemSeconds !== null ? (c.naive.userSeconds + c.naive.systemSeconds).toFixed(2) : '?',
      Math.round(c.naive.papersPerSecond).toLocaleString('en-US'),
      c.naive.inputMBPerSecond.toFixed(1),
      c.naive.peakRssBytes === null ? '?' : mb(c.naive.peakRssBytes),
      '',
      '',
      '',
      '',
    ])
  }
  const corpus = c.corpus
  const lines = [
    '',
    `== ${c.name}: ${corpus.papers.toLocaleString('en-US')} papers (${corpus.realPapers.toLocaleString('en-US')} real + ${corpus.syntheticPapers.toLocaleString('en-US')} synthetic${corpus.synthetic ? `, seed ${corpus.synthetic.seed}, ${corpus.synthetic.format}` : ''}), ${corpus.listingFiles} listing files, ${mb(corpus.bytes)} MB of input`,
    table(rows),
  ]
  const spread = (seconds: number[]) => seconds.map((value) => value.toFixed(2)).join(', ')
  if (c.coldRuns.length > 1) lines.push(`cold builds, in the order run: ${spread(c.coldRuns.map((run) => run.wallSeconds))} s (the table shows the median run)`)
  if (c.naiveRuns.length > 1)
    lines.push(`naive pipeline runs, each after the cold build above: ${spread(c.naiveRuns.map((run) => run.seconds))} s (the table shows the median run)`)
  if (c.naive && c.naiveOverCold !== null && c.naiveWallOverColdWall !== null) {
    const range =
      c.naiveOverColdRange && c.naiveRuns.length > 1 ? `; run by run ${c.naiveOverColdRange[0].toFixed(2)}–${c.naiveOverColdRange[1].toFixed(2)}×` : ''
    lines.push(
      `naive / cold: ${c.naiveOverCold.toFixed(2)}× (naive in-process ${c.naive.seconds.toFixed(2)} s vs cold build wall ${(c.builds[0] as BuildFigures).wallSeconds.toFixed(2)} s${c.coldRuns.length > 1 ? ', medians' : ''}${range}; child wall to wall: ${c.naiveWallOverColdWall.toFixed(2)}×)`,
    )
  }
  if ('skipped' in c.search) lines.push(`search in the browser: ${c.search.skipped}`)
  else if ('error' in c.search) lines.push(`search in the browser: failed (${c.search.error})`)
  else lines.push(formatSearch(c.search))
  return lines.join('\n')
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      papers: { type: 'string', default: '27000' },
      'only-synthetic': { type: 'boolean', default: false },
      'with-250k': { type: 'boolean', default: false },
      'skip-250k': { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      format: { type: 'string', default: 'mixed' },
      work: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'no-naive': { type: 'boolean', default: false },
      repeat: { type: 'string', default: '3' },
      results: { type: 'string' },
      ref: { type: 'string' },
      'no-search': { type: 'boolean', default: false },
      'no-pagefind': { type: 'boolean', default: false },
      'no-incremental': { type: 'boolean', default: false },
    },
  })
  const papers = Number(values.papers)
  const seed = Number(values.seed)
  const format = values.format as CorpusFormat
  if (!Number.isInteger(papers) || papers < 1) throw new Error(`Invalid --papers ${values.papers}`)
  if (!['plain', 'indented-crlf', 'mixed'].includes(format)) throw new Error(`Invalid --format ${format}`)
  const repeat = Number(values.repeat)
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`Invalid --repeat ${values.repeat}`)
  const work = resolve(values.work ?? join(benchDir, 'out'))
  const resultsPath = resolve(values.results ?? join(benchDir, 'results.json'))
  const with250k = values['with-250k'] && !values['skip-250k']
  const useReal = !values['only-synthetic']

  const gitAtStart = {
    head: git('rev-parse', 'HEAD'),
    dirty: git('status', '--porcelain', '--', 'src', 'templates', 'bin', 'package.json')?.split('\n').filter(Boolean) ?? null,
  }
  let tree: { ref: string; commit: string; dir: string } | null = null
  if (values.ref) tree = exportTree(values.ref, work)
  searchSettings.enabled = !values['no-search']
  searchSettings.pagefind = !values['no-pagefind']
  if (tree) searchSettings.treeDir = tree.dir
  // Folders to delete once every figure is taken (see the clean-up below).
  const scratch: string[] = []
  // The regeneration loop on the shared corpus first: rebuilds, a new venue-year, an edit, dev
  // reload. The cases after it delete whole sites in the background (a first cached build
  // replaces the cold build's site), which would slow its file creation.
  let incremental: IncrementalFigures | { skipped: string } = { skipped: '--no-incremental' }
  if (!values['no-incremental']) {
    if (tree) incremental = { skipped: 'measured on the checkout only, not with --ref' }
    else if (!existsSync(sharedCorpus)) incremental = { skipped: 'no ../shared/corpus' }
    else {
      log('[incremental] regeneration on the shared corpus …')
      const { work: incrementalWork, ...figures } = await incrementalFigures(sharedCorpus, true)
      scratch.push(incrementalWork)
      incremental = figures
      // Its rebuilds deleted the sites they replaced: the first case's cold build would pay for
      // that in the kernel (one run: 9.73 s of system time against 5.27 s after a quiet disk).
      log(`[incremental] waiting ${settleSeconds} s for the disk to settle …`)
      spawnSync('sync')
      await new Promise((done) => setTimeout(done, settleSeconds * 1000))
    }
  }

  const cases: CaseFigures[] = []
  const realName = useReal && existsSync(sharedCorpus) ? 'real+synthetic' : 'synthetic'
  cases.push(await runCase(`${realName}-${papers}`, work, papers, useReal, seed, format, !values['no-naive'], repeat))
  // Once: its cold build takes minutes, and its figure is a ratio to the first case's median.
  if (with250k) cases.push(await runCase('synthetic-250000', work, 250_000, false, seed, format, !values['no-naive'], 1))
  scratch.push(...cases.map((done) => join(work, done.name)))

  const cpuList = cpus()
  const results = {
    command: ['npm run bench --', ...process.argv.slice(2)].join(' '),
    argv: process.argv.slice(2),
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: { model: cpuList[0]?.model ?? 'unknown', cores: cpuList.length },
    memoryBytes: totalmem(),
    rssMethod: existsSync(timeBinary) ? '/usr/bin/time -v (maximum resident set size of the child)' : '/proc/<pid>/status VmHWM, polled every 25 ms',
    git: {
      /** HEAD, and the files of the checkout that differed from it, when the bench started (others edit the tree concurrently). */
      ...gitAtStart,
      /** Set when the CLI was run from an exported commit (`--ref`) instead of the checkout. */
      tree: tree ? { ref: tree.ref, commit: tree.commit } : null,
    },
    cases,
    incremental,
  }
  // Only now: on ext4 without a journal (this machine's disk), creating files is several times
  // slower for up to six minutes after tens of thousands were deleted (the inode allocator skips
  // recently freed inodes), and a case's clean-up would be billed to the next measurement.
  if (!values.keep) for (const folder of scratch) rmSync(folder, { recursive: true, force: true })
  if (tree && !values.keep) rmSync(tree.dir, { recursive: true, force: true })
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`)
  // Format it as `npx biome check` expects, so that a committed results.json stays lint-clean.
  const biome = join(repoRoot, 'node_modules', '@biomejs', 'biome', 'bin', 'biome')
  if (existsSync(biome)) spawnSync(process.execPath, [biome, 'format', '--write', resultsPath], { cwd: repoRoot, stdio: 'ignore' })
  process.stdout.write(
    `papershelf bench — ${results.date}, node ${results.node}, ${results.cpu.model} ×${results.cpu.cores}, ${mb(results.memoryBytes)} MB RAM\n`,
  )
  for (const c of cases) process.stdout.write(`${report(c)}\n`)
  process.stdout.write(`\n${'skipped' in incremental ? `regeneration: skipped (${incremental.skipped})` : incrementalReport(incremental)}\n`)
  process.stdout.write(`\nEvery figure: ${relative(process.cwd(), resultsPath) || basename(resultsPath)}\n`)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main()
}
