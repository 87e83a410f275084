/**
 * Search figures of `npm run bench`, measured in real Chromium against a built site, side by side
 * with Pagefind indexing the same site's paper pages. See bench/README.md ("Search") for what
 * each figure means and how it is measured; `measureSearch()` is what `run.ts` calls.
 *
 * Standalone, on an already built site:
 *   node bin/run-ts.js bench/search.ts --site <dir> [--tree <source tree>] [--no-pagefind] [--json <file>]
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { freemem, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Browser } from 'playwright-core'
import { hasChromium, type Keystroke, launchChromium, type Notification, type PageRecord, pageScript } from './search-browser.ts'
import { measureRecall, type RecallFigures } from './search-recall.ts'
import { brotliSize, isCompressible, type ServedResponse, type SiteServer, serveSite } from './search-server.ts'

const benchDir = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(benchDir, '..')

// ---------------------------------------------------------------------------------------------
// What is measured

/** One-word queries, from rare to very common words. */
export const oneWordQueries = ['shapley', 'wasserstein', 'bandit', 'federated', 'robustness', 'diffusion', 'transformer', 'reinforcement', 'graph', 'learning']
/** Multi-word queries, for information. */
export const multiWordQueries = ['diffusion models', 'graph neural networks', 'large language models']
/** Extra recall queries: short or very common prefixes. */
const extraRecallQueries = ['model', 'net', 'neural', 'optimization', 'federated learning privacy']
/** Typed one after another on one warm page for the keystroke latency. */
export const warmQueries = ['diffusion models', 'graph neural networks', 'robust reinforcement learning', 'wasserstein', 'federated bandit']
const warmUpQuery = 'transformer'
/** Delay between keystrokes (Playwright `keyboard.type`). */
export const typingDelayMs = 80
const resultTimeoutMs = 30_000

export const budgets = {
  coldBytes: 300_000,
  keystrokeMs: 50,
  longTaskMs: 200,
  firstResultsMs: 1000,
  jsGzipBytes: 40_000,
}

// ---------------------------------------------------------------------------------------------
// Figures

type System = 'papershelf' | 'pagefind'

/** Where the bytes of a cold query went. */
export type ByteCategory = 'html+css' | 'js' | 'wasm' | 'metadata' | 'index' | 'documents' | 'other'

export interface ColdQuery {
  query: string
  /** Bytes the server wrote for every response finished before the results showed (status line, headers and compressed body). */
  bytes: number
  /** The same responses' bodies only. */
  bodyBytes: number
  /** The same responses had the host used brotli (quality 5) instead of gzip: computed from the files. */
  brotliBytes: number
  /** What Chromium reports for the same span (Playwright `request.sizes()`: body + headers, from CDP). */
  browserBytes: number
  requests: number
  byCategory: Partial<Record<ByteCategory, { requests: number; bytes: number }>>
  /** Largest response. */
  largest: { path: string; bytes: number } | null
  /** Navigation → search box ready. */
  readyMs: number
  /** Last keystroke (keydown) → results for the whole query on screen. */
  afterLastKeyMs: number
  /** Navigation → results. */
  navigationToResultsMs: number
  /** Results the page reports (papershelf: the mark's total; Pagefind: its "N results for" message). */
  total: number | null
  /** Papershelf: whether those first results were complete (a wide prefix is searched in its own shard first). */
  complete: boolean
  maxLongTaskMs: number
  /** Main-thread tasks of 50 ms or more: start (ms after navigation start) and duration. */
  longTasks: { atMs: number; durationMs: number }[]
}

export interface ColdFigures {
  queries: ColdQuery[]
  errors: string[]
  oneWord: {
    maxBytes: number
    medianBytes: number
    maxBrotliBytes: number
    medianBrotliBytes: number
    maxAfterLastKeyMs: number
    medianAfterLastKeyMs: number
  } | null
  /** The category with the most bytes over all one-word queries. */
  dominant: { category: ByteCategory; share: number } | null
}

export interface Asset {
  path: string
  bytes: number
  rawBytes: number
}

export interface SystemFigures {
  cold: ColdFigures
  /** JavaScript the search page loads: each file as served (gzip) and raw. */
  js: { files: Asset[]; gzipBytes: number; rawBytes: number; brotliBytes: number }
  /** WebAssembly the page loads (Pagefind). */
  wasm: Asset[]
  /** Longest main-thread task seen in any of this system's pages. */
  maxLongTaskMs: number
  index: { files: number; bytes: number; duBytes: number | null }
}

export interface KeystrokeLatency {
  keystrokes: number
  medianMs: number
  p95Ms: number
  maxMs: number
  /** Keystrokes whose own results were superseded by a later keystroke's before showing. */
  superseded: number
  samples: { value: string; ms: number }[]
}

export interface KeystrokeFigures {
  warmUp: string
  queries: string[]
  /** The queries typed once on the page after the warm-up: shards and documents fetched as needed. */
  firstTyping: KeystrokeLatency
  /** The same queries typed again: everything they need is already in the worker. */
  retyped: KeystrokeLatency
  maxLongTaskMs: number
  /** Long tasks on the page: start (ms after navigation start), duration, and the query in the box when the task started. */
  longTasks: { atMs: number; durationMs: number; afterKey: string | null }[]
}

export interface PagefindIndexing {
  command: string
  wallSeconds: number
  userSeconds: number | null
  systemSeconds: number | null
  peakRssBytes: number | null
  pages: number | null
  words: number | null
}

export interface SearchFigures {
  papers: number
  host: string
  typingDelayMs: number
  queries: { oneWord: string[]; multiWord: string[] }
  budgets: typeof budgets
  papershelf: SystemFigures & { keystroke: KeystrokeFigures | null; recall: RecallFigures | null; recallError: string | null; browserTotalsMatch: string }
  pagefind: (SystemFigures & { indexing: PagefindIndexing; options: string }) | { skipped: string }
  /** 1-minute load average before and after the search measurements. */
  loadAverage: [number, number]
  seconds: number
}

// ---------------------------------------------------------------------------------------------
// Helpers

const median = (values: number[]) => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Nearest-rank percentile. */
const percentile = (values: number[], p: number) => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number
}

function categoryOf(path: string): ByteCategory {
  if (/\.m?js$/.test(path)) return 'js'
  if (path.startsWith('/search/shards/') || path.endsWith('.pf_index')) return 'index'
  if (path.startsWith('/search/docs/') || path.endsWith('.pf_fragment')) return 'documents'
  if (path.endsWith('/manifest.json') || path.endsWith('pagefind-entry.json') || path.endsWith('.pf_meta')) return 'metadata'
  if (path.endsWith('.pagefind')) return 'wasm'
  if (/\.(html|css|svg|ico|woff2?|ttf)$/.test(path) || path.endsWith('/')) return 'html+css'
  return 'other'
}

/** Size of a served file had it been compressed with brotli (or as stored, when not compressible). */
function brotliBodySize(siteDir: string, path: string, cache: Map<string, number>): number | undefined {
  let size = cache.get(path)
  if (size === undefined) {
    const file = join(siteDir, path.endsWith('/') ? `${path}index.html` : path)
    if (!existsSync(file)) return undefined
    const body = readFileSync(file)
    size = isCompressible(file) ? brotliSize(body) : body.length
    cache.set(path, size)
  }
  return size
}

function dirStats(dir: string): { files: number; bytes: number; duBytes: number | null } {
  let files = 0
  let bytes = 0
  let blocks = 0
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) {
        const stats = statSync(path)
        files++
        bytes += stats.size
        blocks += stats.blocks
      }
    }
  }
  walk(dir)
  return { files, bytes, duBytes: blocks > 0 ? blocks * 512 : null }
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`
const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : '?')

// ---------------------------------------------------------------------------------------------
// One page session

interface Session {
  /** Server log entries from navigation to the results. */
  responses: ServedResponse[]
  browserBytes: number
  record: PageRecord
  readyMs: number
  /** Navigation → the moment the bench was told the results showed. */
  navigationToResultsMs: number
  /** In page time: the results notification for the whole query. */
  shownAt: number
  total: number | null
  complete: boolean
}

const systemPage: Record<System, { path: string; ready: string; input: string }> = {
  papershelf: { path: '/search/', ready: '#search-results[data-query]', input: '#site-search' },
  pagefind: { path: '/pagefind-bench.html', ready: '.pagefind-ui__search-input', input: '.pagefind-ui__search-input' },
}

const pagefindMessage = /^(?:([\d,]+) results? for|No results for) (.*)$/

/** Does a notification say the results of `query` are on screen? Returns the total, or undefined. */
function resultsFor(system: System, query: string, note: Notification): { t: number; total: number | null; complete: boolean } | undefined {
  if (system === 'papershelf') {
    if (note.kind === 'mark' && note.mark.query === query) return { t: note.mark.t, total: note.mark.total, complete: note.mark.complete }
    return undefined
  }
  if (note.kind !== 'pagefind') return undefined
  const match = pagefindMessage.exec(note.shown.message)
  if (!match || match[2]?.trim() !== query.trim()) return undefined
  return { t: note.shown.t, total: match[1] ? Number(match[1].replace(/,/g, '')) : 0, complete: true }
}

/**
 * A fresh browser context (empty cache), the system's search page, one query typed at
 * `typingDelayMs` per key; returns when its results show.
 */
async function coldSession(browser: Browser, server: SiteServer, system: System, query: string): Promise<Session> {
  const context = await browser.newContext()
  try {
    const browserSizes: Promise<number>[] = []
    context.on('requestfinished', (request) => {
      browserSizes.push(
        request.sizes().then(
          (s) => s.responseBodySize + s.responseHeadersSize,
          () => 0,
        ),
      )
    })
    let settle: ((value: { t: number; total: number | null; complete: boolean; logEnd: number; browserEnd: number; at: number }) => void) | undefined
    const shown = new Promise<{ t: number; total: number | null; complete: boolean; logEnd: number; browserEnd: number; at: number }>((done) => {
      settle = done
    })
    await context.exposeBinding('__benchNotify', (_source, note: Notification) => {
      const found = resultsFor(system, query, note)
      // Snapshot at once: what finished before the results showed.
      if (found) settle?.({ ...found, logEnd: server.log.length, browserEnd: browserSizes.length, at: performance.now() })
    })
    await context.addInitScript(pageScript)
    const page = await context.newPage()
    const logStart = server.log.length
    const started = performance.now()
    await page.goto(server.origin + systemPage[system].path)
    await page.waitForSelector(systemPage[system].ready, { state: 'attached' })
    const readyMs = performance.now() - started
    await page.click(systemPage[system].input)
    await page.keyboard.type(query, { delay: typingDelayMs })
    let timer: NodeJS.Timeout | undefined
    const result = await Promise.race([
      shown,
      new Promise<never>((_, fail) => {
        timer = setTimeout(() => fail(new Error(`${system}: no results for "${query}" within ${resultTimeoutMs / 1000} s`)), resultTimeoutMs)
      }),
    ]).finally(() => clearTimeout(timer))
    const browserBytes = (await Promise.all(browserSizes.slice(0, result.browserEnd))).reduce((a, b) => a + b, 0)
    const record = (await page.evaluate('window.__bench')) as PageRecord
    return {
      responses: server.log.slice(logStart, result.logEnd),
      browserBytes,
      record,
      readyMs,
      navigationToResultsMs: result.at - started,
      shownAt: result.t,
      total: result.total,
      complete: result.complete,
    }
  } finally {
    await context.close()
  }
}

function coldQuery(siteDir: string, query: string, session: Session, brotliCache: Map<string, number>): ColdQuery {
  const byCategory: ColdQuery['byCategory'] = {}
  let bytes = 0
  let bodyBytes = 0
  let brotliBytes = 0
  let largest: ColdQuery['largest'] = null
  for (const r of session.responses) {
    bytes += r.wireBytes
    bodyBytes += r.bodyBytes
    const brotli = r.encoding === 'identity' ? r.bodyBytes : brotliBodySize(siteDir, r.path, brotliCache)
    brotliBytes += r.wireBytes - r.bodyBytes + (brotli ?? r.bodyBytes)
    const category = categoryOf(r.path)
    const entry = byCategory[category] ?? { requests: 0, bytes: 0 }
    entry.requests++
    entry.bytes += r.wireBytes
    byCategory[category] = entry
    if (!largest || r.wireBytes > largest.bytes) largest = { path: r.path, bytes: r.wireBytes }
  }
  // The last keystroke of the query (its input event gave the whole query).
  const lastKey = [...session.record.keys].reverse().find((k) => k.value === query)
  const longTasks = session.record.longTasks.map((t) => ({ atMs: Math.round(t.t), durationMs: Math.round(t.duration) }))
  return {
    query,
    bytes,
    bodyBytes,
    brotliBytes,
    browserBytes: session.browserBytes,
    requests: session.responses.length,
    byCategory,
    largest,
    readyMs: session.readyMs,
    afterLastKeyMs: lastKey ? session.shownAt - lastKey.t : Number.NaN,
    navigationToResultsMs: session.navigationToResultsMs,
    total: session.total,
    complete: session.complete,
    maxLongTaskMs: Math.max(0, ...longTasks.map((t) => t.durationMs)),
    longTasks,
  }
}

async function coldQueries(
  browser: Browser,
  server: SiteServer,
  siteDir: string,
  system: System,
  log: (line: string) => void,
): Promise<{ figures: ColdFigures; first: Session | null }> {
  const brotliCache = new Map<string, number>()
  const queries: ColdQuery[] = []
  const errors: string[] = []
  let first: Session | null = null
  for (const query of [...oneWordQueries, ...multiWordQueries]) {
    try {
      const session = await coldSession(browser, server, system, query)
      first ??= session
      const figures = coldQuery(siteDir, query, session, brotliCache)
      queries.push(figures)
      log(
        `  ${system} cold "${query}": ${kB(figures.bytes)} in ${figures.requests} responses, results ${ms(figures.afterLastKeyMs)} after the last key, ${figures.total ?? '?'} results`,
      )
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error))
      log(`  ${system} cold "${query}": ${errors.at(-1)}`)
    }
  }
  const single = queries.filter((q) => oneWordQueries.includes(q.query))
  const totals = new Map<ByteCategory, number>()
  for (const q of single)
    for (const [category, entry] of Object.entries(q.byCategory))
      totals.set(category as ByteCategory, (totals.get(category as ByteCategory) ?? 0) + entry.bytes)
  const all = single.reduce((s, q) => s + q.bytes, 0)
  const top = [...totals].sort((a, b) => b[1] - a[1])[0]
  return {
    figures: {
      queries,
      errors,
      oneWord:
        single.length === 0
          ? null
          : {
              maxBytes: Math.max(...single.map((q) => q.bytes)),
              medianBytes: median(single.map((q) => q.bytes)),
              maxBrotliBytes: Math.max(...single.map((q) => q.brotliBytes)),
              medianBrotliBytes: median(single.map((q) => q.brotliBytes)),
              maxAfterLastKeyMs: Math.max(...single.map((q) => q.afterLastKeyMs)),
              medianAfterLastKeyMs: median(single.map((q) => q.afterLastKeyMs)),
            },
      dominant: top && all > 0 ? { category: top[0], share: top[1] / all } : null,
    },
    first,
  }
}

/** JavaScript and WebAssembly a session loaded, each file once. */
function assetsOf(siteDir: string, session: Session | null): { js: SystemFigures['js']; wasm: Asset[] } {
  const seen = new Map<string, ServedResponse>()
  for (const r of session?.responses ?? []) if (!seen.has(r.path)) seen.set(r.path, r)
  const asset = (r: ServedResponse): Asset => {
    const file = join(siteDir, r.path)
    return { path: r.path, bytes: r.bodyBytes, rawBytes: existsSync(file) ? statSync(file).size : r.bodyBytes }
  }
  const js = [...seen.values()].filter((r) => categoryOf(r.path) === 'js').map(asset)
  const cache = new Map<string, number>()
  return {
    js: {
      files: js,
      gzipBytes: js.reduce((s, f) => s + f.bytes, 0),
      rawBytes: js.reduce((s, f) => s + f.rawBytes, 0),
      brotliBytes: js.reduce((s, f) => s + (brotliBodySize(siteDir, f.path, cache) ?? f.bytes), 0),
    },
    wasm: [...seen.values()].filter((r) => categoryOf(r.path) === 'wasm').map(asset),
  }
}

// ---------------------------------------------------------------------------------------------
// Keystroke latency on a warm page

/** For each typed character: the time to the first results at least as fresh as it (its own query's, or a later one's). */
function latencies(record: PageRecord, keys: Keystroke[]): KeystrokeLatency {
  const samples: { value: string; ms: number }[] = []
  let superseded = 0
  for (const key of keys) {
    const value = key.value
    if (value === null || value.trim() === '' || key.key.length !== 1) continue
    const mark = record.marks.find((m) => m.t >= key.t && m.query.startsWith(value))
    if (!mark) continue
    if (mark.query !== value) superseded++
    samples.push({ value, ms: mark.t - key.t })
  }
  const values = samples.map((s) => s.ms)
  return { keystrokes: samples.length, medianMs: median(values), p95Ms: percentile(values, 95), maxMs: Math.max(...values), superseded, samples }
}

async function keystrokes(browser: Browser, server: SiteServer, log: (line: string) => void): Promise<KeystrokeFigures> {
  const context = await browser.newContext()
  try {
    const waiters: { query: string; done: () => void }[] = []
    await context.exposeBinding('__benchNotify', (_source, note: Notification) => {
      if (note.kind !== 'mark') return
      for (const w of waiters.filter((w) => w.query === note.mark.query)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.done()
      }
    })
    await context.addInitScript(pageScript)
    const page = await context.newPage()
    await page.goto(server.origin + systemPage.papershelf.path)
    await page.waitForSelector(systemPage.papershelf.ready, { state: 'attached' })
    await page.click(systemPage.papershelf.input)
    const typeAndWait = async (query: string) => {
      let timer: NodeJS.Timeout | undefined
      const shown = new Promise<void>((done, fail) => {
        waiters.push({ query, done })
        timer = setTimeout(() => fail(new Error(`keystroke run: no results for "${query}"`)), resultTimeoutMs)
      })
      await page.keyboard.type(query, { delay: typingDelayMs })
      await shown.finally(() => clearTimeout(timer))
    }
    await typeAndWait(warmUpQuery)
    const keysBefore = async () => ((await page.evaluate('window.__bench')) as PageRecord).keys.length
    const typeAll = async () => {
      for (const query of warmQueries) {
        await page.keyboard.press('Control+A')
        await page.keyboard.press('Backspace')
        await new Promise((done) => setTimeout(done, 300))
        await typeAndWait(query)
        await new Promise((done) => setTimeout(done, 300))
      }
    }
    const firstStart = await keysBefore()
    await typeAll()
    const secondStart = await keysBefore()
    await typeAll()
    const final = (await page.evaluate('window.__bench')) as PageRecord
    const figures: KeystrokeFigures = {
      warmUp: warmUpQuery,
      queries: warmQueries,
      firstTyping: latencies(final, final.keys.slice(firstStart, secondStart)),
      retyped: latencies(final, final.keys.slice(secondStart)),
      maxLongTaskMs: Math.max(0, ...final.longTasks.map((t) => t.duration)),
      longTasks: final.longTasks.map((t) => ({
        atMs: Math.round(t.t),
        durationMs: Math.round(t.duration),
        afterKey: final.keys.filter((k) => k.t <= t.t).at(-1)?.value ?? null,
      })),
    }
    const { firstTyping: first, retyped } = figures
    log(
      `  papershelf keystroke → results: median ${ms(first.medianMs)}, p95 ${ms(first.p95Ms)} over ${first.keystrokes} keystrokes; retyped: median ${ms(retyped.medianMs)}, p95 ${ms(retyped.p95Ms)}`,
    )
    return figures
  } finally {
    await context.close()
  }
}

// ---------------------------------------------------------------------------------------------
// Pagefind

export const pagefindBinary = (): string | null => {
  const candidates = [
    join(repoRoot, 'node_modules', '@pagefind', `linux-${process.arch}`, 'bin', 'pagefind_extended'),
    join(repoRoot, 'node_modules', '@pagefind', `linux-${process.arch}`, 'bin', 'pagefind'),
  ]
  return candidates.find((path) => existsSync(path)) ?? null
}

/** Paper pages only (`<venue>/<year>/<n>/index.html`), their `<article>` without the BibTeX section: title, authors, venue line, abstract. */
export const pagefindArgs = [
  '--output-subdir',
  'pagefind',
  '--glob',
  '*/[0-9][0-9][0-9][0-9]/[0-9]*/index.html',
  '--root-selector',
  'article.paper-page',
  '--exclude-selectors',
  '.cite',
]

function runPagefind(siteDir: string): Promise<PagefindIndexing> {
  const binary = pagefindBinary()
  const command = binary ?? join(repoRoot, 'node_modules', '.bin', 'pagefind')
  const args = ['--site', siteDir, ...pagefindArgs]
  const timeFile = join(mkdtempSync(join(tmpdir(), 'papershelf-pagefind-')), 'time.txt')
  const useTime = existsSync('/usr/bin/time')
  return new Promise((done, fail) => {
    const started = performance.now()
    const child = useTime
      ? spawn('/usr/bin/time', ['-v', '-o', timeFile, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
    })
    child.on('error', fail)
    child.on('close', (code) => {
      const wallSeconds = (performance.now() - started) / 1000
      const report = useTime && existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : ''
      rmSync(dirname(timeFile), { recursive: true, force: true })
      if (code !== 0) return fail(new Error(`pagefind exited with ${code}: ${output.slice(-2000)}`))
      const number = (text: string, pattern: RegExp) => {
        const match = pattern.exec(text)
        return match ? Number(match[1]) : null
      }
      const kb = number(report, /Maximum resident set size \(kbytes\):\s*(\d+)/)
      done({
        command: `pagefind --site <site> ${pagefindArgs.map((a) => (/[*[\] ]/.test(a) ? `'${a}'` : a)).join(' ')}`,
        wallSeconds,
        userSeconds: number(report, /User time \(seconds\):\s*([\d.]+)/),
        systemSeconds: number(report, /System time \(seconds\):\s*([\d.]+)/),
        peakRssBytes: kb === null ? null : kb * 1024,
        pages: number(output, /Indexed (\d+) pages/),
        words: number(output, /Indexed (\d+) words/),
      })
    })
  })
}

/** Pagefind's default UI, as its documentation sets it up. */
const pagefindPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pagefind benchmark</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet">
<script src="/pagefind/pagefind-ui.js"></script>
</head>
<body>
<div id="search"></div>
<script>
window.addEventListener('DOMContentLoaded', () => {
  new PagefindUI({ element: '#search' })
})
</script>
</body>
</html>
`

/** Memory the kernel could give a new process (MemAvailable: free plus reclaimable page cache); `os.freemem()` without /proc. */
function availableMemory(): number {
  try {
    const match = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))
    if (match) return Number(match[1]) * 1024
  } catch {
    // No /proc.
  }
  return freemem()
}

/** Bytes of memory Pagefind took per paper page at 27,000 papers (3.2 GB peak RSS): to skip runs that would not fit. */
const pagefindBytesPerPage = 130_000

// ---------------------------------------------------------------------------------------------
// All of it

export interface SearchBenchOptions {
  siteDir: string
  papers: number
  /** Source tree that built the site: its src/search modules compute the recall. */
  treeDir: string
  pagefind: boolean
  log: (line: string) => void
}

export async function measureSearch(options: SearchBenchOptions): Promise<SearchFigures> {
  const { siteDir, log } = options
  const started = performance.now()
  const { loadavg } = await import('node:os')
  const loadBefore = loadavg()[0] ?? 0
  if (!hasChromium()) throw new Error('search bench: no Chromium at /usr/bin/chromium (set CHROMIUM_PATH)')

  log('  recall (Node, the project search modules) …')
  let recall: RecallFigures | null = null
  let recallError: string | null = null
  try {
    recall = await measureRecall(siteDir, options.treeDir, [...oneWordQueries, ...multiWordQueries, ...extraRecallQueries])
    log(`  recall: ${recall.complete} of ${recall.queries.length} queries complete, ${recall.found} of ${recall.expected} title matches found`)
  } catch (error) {
    recallError = error instanceof Error ? error.message : String(error)
    log(`  recall failed: ${recallError}`)
  }

  let pagefindSkip: string | null = null
  if (!options.pagefind) pagefindSkip = 'skipped (--no-pagefind)'
  else if (!pagefindBinary() && !existsSync(join(repoRoot, 'node_modules', '.bin', 'pagefind'))) pagefindSkip = 'skipped: pagefind is not installed'
  else if (options.papers * pagefindBytesPerPage > 0.8 * availableMemory())
    pagefindSkip = `skipped: would need about ${((options.papers * pagefindBytesPerPage) / 1e9).toFixed(0)} GB of memory (3.5 GB at 27,000 pages), ${(availableMemory() / 1e9).toFixed(0)} GB available`
  let indexing: PagefindIndexing | null = null
  const pagefindDir = join(siteDir, 'pagefind')
  const pagefindHtml = join(siteDir, 'pagefind-bench.html')
  if (!pagefindSkip) {
    log('  pagefind indexing …')
    try {
      indexing = await runPagefind(siteDir)
      writeFileSync(pagefindHtml, pagefindPage)
      log(
        `  pagefind: ${indexing.pages ?? '?'} pages in ${indexing.wallSeconds.toFixed(1)} s, peak RSS ${indexing.peakRssBytes === null ? '?' : (indexing.peakRssBytes / 1e6).toFixed(0)} MB`,
      )
    } catch (error) {
      pagefindSkip = `failed: ${error instanceof Error ? error.message : String(error)}`
      log(`  pagefind ${pagefindSkip}`)
    }
  }

  const server = await serveSite(siteDir)
  const browser = await launchChromium()
  try {
    const ours = await coldQueries(browser, server, siteDir, 'papershelf', log)
    let keystroke: KeystrokeFigures | null = null
    try {
      keystroke = await keystrokes(browser, server, log)
    } catch (error) {
      ours.figures.errors.push(error instanceof Error ? error.message : String(error))
    }
    const assets = assetsOf(siteDir, ours.first)
    const totalsChecked = ours.figures.queries.filter((q) => recall?.queries.some((r) => r.query === q.query))
    // First results that were not complete are compared with Node's first results.
    const nodeTotal = (q: ColdQuery) => {
      const r = recall?.queries.find((r) => r.query === q.query)
      return q.complete ? r?.total : r?.firstTotal
    }
    const mismatched = totalsChecked.filter((q) => nodeTotal(q) !== q.total)
    const browserTotalsMatch = recall
      ? mismatched.length === 0
        ? `all ${totalsChecked.length} queries: the total the page shows equals the Node result count`
        : `MISMATCH for ${mismatched.map((q) => `"${q.query}" (page ${q.total}, Node ${nodeTotal(q)})`).join(', ')}`
      : 'not checked (no recall figures)'
    const searchIndex = dirStats(join(siteDir, 'search'))
    const papershelf = {
      cold: ours.figures,
      js: assets.js,
      wasm: assets.wasm,
      maxLongTaskMs: Math.max(0, ...ours.figures.queries.map((q) => q.maxLongTaskMs), keystroke?.maxLongTaskMs ?? 0),
      index: searchIndex,
      keystroke,
      recall,
      recallError,
      browserTotalsMatch,
    }

    let pagefind: SearchFigures['pagefind'] = { skipped: pagefindSkip ?? '' }
    if (!pagefindSkip && indexing) {
      const theirs = await coldQueries(browser, server, siteDir, 'pagefind', log)
      const pfAssets = assetsOf(siteDir, theirs.first)
      pagefind = {
        cold: theirs.figures,
        js: pfAssets.js,
        wasm: pfAssets.wasm,
        maxLongTaskMs: Math.max(0, ...theirs.figures.queries.map((q) => q.maxLongTaskMs)),
        index: dirStats(pagefindDir),
        indexing,
        options: 'paper pages only; root <article class="paper-page"> without its BibTeX section (.cite); default PagefindUI',
      }
    }
    return {
      papers: options.papers,
      host: 'node:http on 127.0.0.1: html, js, css, json, svg, xml, txt gzipped (level 6); *.json.gz and Pagefind files as stored, no Content-Encoding',
      typingDelayMs,
      queries: { oneWord: oneWordQueries, multiWord: multiWordQueries },
      budgets,
      papershelf,
      pagefind,
      loadAverage: [loadBefore, loadavg()[0] ?? 0],
      seconds: (performance.now() - started) / 1000,
    }
  } finally {
    await browser.close()
    await server.close()
    rmSync(pagefindDir, { recursive: true, force: true })
    rmSync(pagefindHtml, { force: true })
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function textTable(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')).join('\n')
}

const verdict = (value: number | null | undefined, budget: number) =>
  value === null || value === undefined || !Number.isFinite(value) ? '?' : value <= budget ? 'ok' : 'OVER'

/** The search figures as text: budgets side by side, then per query. */
export function formatSearch(f: SearchFigures): string {
  const ours = f.papershelf
  const theirs = 'skipped' in f.pagefind ? null : f.pagefind
  const dash = '-'
  const rows: string[][] = [['search, real Chromium', 'papershelf', 'Pagefind 1.6', 'budget', 'papershelf']]
  const one = ours.cold.oneWord
  const pfOne = theirs?.cold.oneWord ?? null
  rows.push([
    'cold bytes to first results, 1 word: max',
    one ? kB(one.maxBytes) : '?',
    pfOne ? kB(pfOne.maxBytes) : dash,
    `≤ ${kB(budgets.coldBytes)}`,
    verdict(one?.maxBytes, budgets.coldBytes),
  ])
  rows.push(['  median', one ? kB(one.medianBytes) : '?', pfOne ? kB(pfOne.medianBytes) : dash, '', ''])
  rows.push([
    '  same with brotli (computed): max / median',
    one ? `${kB(one.maxBrotliBytes)} / ${kB(one.medianBrotliBytes)}` : '?',
    pfOne ? `${kB(pfOne.maxBrotliBytes)} / ${kB(pfOne.medianBrotliBytes)}` : dash,
    '',
    '',
  ])
  rows.push([
    '  bytes mostly in',
    ours.cold.dominant ? `${ours.cold.dominant.category} ${(ours.cold.dominant.share * 100).toFixed(0)} %` : '?',
    theirs?.cold.dominant ? `${theirs.cold.dominant.category} ${(theirs.cold.dominant.share * 100).toFixed(0)} %` : dash,
    '',
    '',
  ])
  const ks = ours.keystroke
  rows.push([
    'keystroke → results, warm page: p95 / median',
    ks ? `${ms(ks.firstTyping.p95Ms)} / ${ms(ks.firstTyping.medianMs)}` : '?',
    'n/a (300 ms debounce)',
    `≤ ${budgets.keystrokeMs} ms`,
    verdict(ks?.firstTyping.p95Ms, budgets.keystrokeMs),
  ])
  rows.push(['  same queries retyped (all loaded)', ks ? `${ms(ks.retyped.p95Ms)} / ${ms(ks.retyped.medianMs)}` : '?', '', '', ''])
  rows.push([
    'longest main-thread task',
    ms(ours.maxLongTaskMs),
    theirs ? ms(theirs.maxLongTaskMs) : dash,
    `≤ ${budgets.longTaskMs} ms`,
    verdict(ours.maxLongTaskMs, budgets.longTaskMs),
  ])
  rows.push([
    'last key → first results, cold: max / median',
    one ? `${ms(one.maxAfterLastKeyMs)} / ${ms(one.medianAfterLastKeyMs)}` : '?',
    pfOne ? `${ms(pfOne.maxAfterLastKeyMs)} / ${ms(pfOne.medianAfterLastKeyMs)}` : dash,
    `≤ ${budgets.firstResultsMs} ms`,
    verdict(one?.maxAfterLastKeyMs, budgets.firstResultsMs),
  ])
  rows.push([
    'JavaScript, gzip (files)',
    `${kB(ours.js.gzipBytes)} (${ours.js.files.length})`,
    theirs ? `${kB(theirs.js.gzipBytes)} (${theirs.js.files.length})` : dash,
    `≤ ${kB(budgets.jsGzipBytes)}`,
    verdict(ours.js.gzipBytes, budgets.jsGzipBytes),
  ])
  rows.push([
    '  + WebAssembly (as stored)',
    ours.wasm.length ? kB(ours.wasm.reduce((s, w) => s + w.bytes, 0)) : dash,
    theirs ? kB(theirs.wasm.reduce((s, w) => s + w.bytes, 0)) : dash,
    '',
    '',
  ])
  const recall = ours.recall
  rows.push([
    'recall: queries with every title match',
    recall ? `${recall.complete} / ${recall.queries.length} (${recall.found} / ${recall.expected})` : `failed: ${ours.recallError ?? '?'}`,
    'not checked',
    'all',
    recall ? (recall.complete === recall.queries.length ? 'ok' : 'MISSING') : '?',
  ])
  rows.push([
    'index on disk: MB (files)',
    `${(ours.index.bytes / 1e6).toFixed(1)} (${ours.index.files.toLocaleString('en-US')})`,
    theirs ? `${(theirs.index.bytes / 1e6).toFixed(1)} (${theirs.index.files.toLocaleString('en-US')})` : dash,
    '',
    '',
  ])
  rows.push([
    'indexing: s, peak RSS MB',
    'in the build',
    theirs
      ? `${theirs.indexing.wallSeconds.toFixed(1)} s, ${theirs.indexing.peakRssBytes === null ? '?' : (theirs.indexing.peakRssBytes / 1e6).toFixed(0)} MB`
      : dash,
    '',
    '',
  ])

  const perQuery: string[][] = [['query (cold, fresh context)', 'papershelf kB', 'req', 'after key', 'results', 'Pagefind kB', 'req', 'after key', 'results']]
  for (const q of ours.cold.queries) {
    const p = theirs?.cold.queries.find((x) => x.query === q.query)
    perQuery.push([
      `${oneWordQueries.includes(q.query) ? '' : '(multi) '}${q.query}`,
      (q.bytes / 1000).toFixed(1),
      String(q.requests),
      ms(q.afterLastKeyMs),
      String(q.total ?? '?'),
      p ? (p.bytes / 1000).toFixed(1) : dash,
      p ? String(p.requests) : dash,
      p ? ms(p.afterLastKeyMs) : dash,
      p ? String(p.total ?? '?') : dash,
    ])
  }
  const lines = [
    '',
    `search (${f.papers.toLocaleString('en-US')} papers; Chromium, localhost, gzip host, typing ${f.typingDelayMs} ms/key; load ${f.loadAverage[0].toFixed(1)} → ${f.loadAverage[1].toFixed(1)}; ${f.seconds.toFixed(0)} s)`,
    textTable(rows),
    '',
    textTable(perQuery),
    '',
    `papershelf JS: ${ours.js.files.map((j) => `${j.path} ${kB(j.bytes)} gzip (${kB(j.rawBytes)} raw)`).join(', ')}`,
  ]
  if (theirs)
    lines.push(
      `Pagefind JS: ${theirs.js.files.map((j) => `${j.path} ${kB(j.bytes)}`).join(', ')}; wasm: ${theirs.wasm.map((w) => `${w.path} ${kB(w.bytes)}`).join(', ')}`,
    )
  else lines.push(`Pagefind: ${'skipped' in f.pagefind ? f.pagefind.skipped : ''}`)
  const longest = ks?.longTasks.reduce<KeystrokeFigures['longTasks'][number] | null>((a, t) => (!a || t.durationMs > a.durationMs ? t : a), null)
  if (longest)
    lines.push(
      `papershelf longest task on the keystroke page: ${longest.durationMs} ms, ${longest.atMs} ms after navigation, box holding "${longest.afterKey ?? ''}"`,
    )
  lines.push(`browser totals vs Node: ${ours.browserTotalsMatch}`)
  if (recall) {
    for (const r of recall.queries.filter((r) => r.firstShards < r.shards))
      lines.push(
        `recall "${r.query}": first results from ${r.firstShards} of ${r.shards} shards found ${r.firstFound} of ${r.expected}; complete results (after a pause in typing) ${r.found}`,
      )
    const incomplete = recall.queries.filter((r) => r.found < r.expected)
    for (const r of incomplete)
      lines.push(`recall MISSING "${r.query}": ${r.expected - r.found} of ${r.expected}, e.g. ${r.missing.map((m) => `${m.route} "${m.title}"`).join('; ')}`)
    if (recall.routeMismatches > 0) lines.push(`recall: ${recall.routeMismatches} of ${recall.routeChecks} result routes differ from the data files' pages`)
  }
  const errors = [...ours.cold.errors, ...(theirs?.cold.errors ?? [])]
  if (errors.length > 0) lines.push(`errors: ${errors.join('; ')}`)
  return lines.join('\n')
}

// ---------------------------------------------------------------------------------------------
// CLI

async function cli(): Promise<void> {
  const { values } = parseArgs({
    options: {
      site: { type: 'string' },
      tree: { type: 'string' },
      'no-pagefind': { type: 'boolean', default: false },
      json: { type: 'string' },
    },
  })
  if (!values.site) throw new Error('usage: bench/search.ts --site <built site> [--tree <source tree>] [--no-pagefind] [--json <file>]')
  const siteDir = resolve(values.site)
  const catalog = JSON.parse(readFileSync(join(siteDir, 'data', 'catalog.json'), 'utf8')) as { papers: number }
  const figures = await measureSearch({
    siteDir,
    papers: catalog.papers,
    treeDir: resolve(values.tree ?? repoRoot),
    pagefind: !values['no-pagefind'],
    log: (line) => process.stderr.write(`${line}\n`),
  })
  if (values.json) writeFileSync(values.json, `${JSON.stringify(figures, null, 2)}\n`)
  process.stdout.write(`${formatSearch(figures)}\n`)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await cli()
}
