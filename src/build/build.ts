import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve, sep } from 'node:path'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { VFile } from 'vfile'
import type { AuthorPaper } from '../../templates/author.ts'
import type { Config } from '../config.ts'
import type { PaperSummary, VenueYear } from '../paper.ts'
import { type AuthorGroup, authorSlugs, groupByAuthor } from '../reader/authors.ts'
import { bibtexKeys } from '../reader/bibtex-keys.ts'
import { indexGeneration } from '../search/build-index.ts'
import { bibChunkPaths, docChunkPaths, postingsTransfer } from '../search/index-venue-year.ts'
import { defaultShardOptions, type IndexedVenueYear, mergeShards, searchManifest, shardScoring, shardTransfer } from '../search/merge-index.ts'
import { groupVenueYears } from '../site/catalog.ts'
import { catalogData, venueYearDataPaths } from '../site/data-export.ts'
import { globalPages, type OutputFile, venueYearRoutes } from '../site/pages.ts'
import { createSiteContext } from '../site/site-context.ts'
import { robotsTxt, sitemapFiles } from '../site/sitemap.ts'
import { outputPath, routes } from '../site/urls.ts'
import { type Assets, buildAssets, copyAssets } from './assets.ts'
import { BuildCache, type CachedUnit, sha256, sha256Of } from './cache.ts'
import { checkDuplicates } from './check-duplicates.ts'
import { discoverListings } from './discover.ts'
import type { Job, JobContext, JobFiles, JobResult, Written } from './jobs.ts'
import { type LoadedListing, loadListing } from './load-listing.ts'
import {
  acquireLock,
  applySiteFileDiff,
  commitOutput,
  contentHash,
  describeFsError,
  diffSiteFiles,
  discard,
  folderStamp,
  hasEveryFile,
  makeSpare,
  outputPaths,
  recoverOutput,
  removeStale,
  type SiteFileList,
  type SiteFiles,
  SiteWriter,
  siteFileList,
  siteFiles,
} from './output.ts'
import { defaultJobs, mapBounded, WorkerPool } from './pool.ts'
import { tally } from './report.ts'

export interface BuildOptions {
  config: Config
  /** Folder that relative paths (content, out, cache) are taken from, and diagnostics are shown relative to. */
  cwd: string
  /** Where to keep reusable work; `undefined` builds from scratch and keeps nothing. */
  cacheDir: string | undefined
  /** Worker threads for rendering and writing; 0 does everything on the main thread. */
  jobs?: number
  /** Progress: called as each phase advances. */
  progress?: (event: ProgressEvent) => void
  /**
   * Scripts and styles to link instead of a Vite bundle (the dev server passes its own module
   * entry); then no bundle is built and `public/` is not copied (the dev server serves it).
   */
  assets?: { css: string[]; js: string[] }
}

export interface ProgressEvent {
  phase: 'parse' | 'bundle' | 'pages' | 'index' | 'site' | 'swap'
  done: number
  total: number
}

export interface CheckResult {
  /** One file per listing (and per refused path), with its messages. */
  files: VFile[]
  listings: LoadedListing[]
  errors: number
  warnings: number
}

export interface BuildResult extends Omit<CheckResult, 'listings'> {
  /** False when errors stopped the build; the output folder was not touched. */
  ok: boolean
  papers: number
  venueYears: number
  listingPages: number
  paperPages: number
  authorPages: number
  pages: number
  outputFiles: number
  outputBytes: number
  /** Output files identical to the previous build's (hard-linked, not rewritten). */
  unchangedFiles: number
  indexBytes: number
  /** Whether the build read and wrote a cache. */
  cacheUsed: boolean
  /** Listing files whose parse came from the cache, and those parsed. */
  listingsCached: number
  listingsParsed: number
  /** Venue-years carried over from the previous build, and those rendered. */
  venueYearsReused: number
  venueYearsRendered: number
  /** Seconds spent in each phase. */
  timings: Record<string, number>
}

/** Parse and validate every listing: discovery, decoding, record scan, cross-file checks. */
export function checkContent(config: Config, cwd: string, cache?: BuildCache, progress?: BuildOptions['progress']): CheckResult {
  const steps = checking(config, cwd, cache, progress)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/** `checkContent`, handing the event loop a turn after each listing file (the bundle is made meanwhile). */
async function checkContentYielding(config: Config, cwd: string, cache: BuildCache | undefined, progress: BuildOptions['progress']): Promise<CheckResult> {
  const steps = checking(config, cwd, cache, progress)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    await nextTurn()
  }
}

/** The work of `checkContent`, paused after each listing file. */
function* checking(config: Config, cwd: string, cache: BuildCache | undefined, progress: BuildOptions['progress']): Generator<void, CheckResult> {
  const content = resolve(cwd, config.content)
  const display = (path: string) => relative(cwd, path) || path
  // 1. Find listing files (and refuse symlinks out of the content folder).
  const discovery = discoverListings(content, display)
  // 2. Decode and scan each into records, with diagnostics on its vfile (or take both from the cache).
  const listings: LoadedListing[] = []
  for (const [i, listing] of discovery.files.entries()) {
    listings.push(loadListing(listing, display(listing.path), cache))
    progress?.({ phase: 'parse', done: i + 1, total: discovery.files.length })
    yield
  }
  // 3. Records must be unique per venue, year and index across files.
  checkDuplicates(listings)
  const files = [...discovery.problems, ...listings.map((l) => l.file)]
  return { files, listings, ...tally(files) }
}

/** What a build keeps of the parse: the listings themselves, and with them the files' text, can go. */
interface ReadContent {
  checked: Omit<CheckResult, 'listings'>
  listingFiles: number
  listingsCached: number
  venueYears: VenueYear[]
  /** The keys of the listings each venue-year draws papers from, in order. */
  sources: string[][]
}

async function readContent(config: Config, cwd: string, cache: BuildCache | undefined, progress: BuildOptions['progress']): Promise<ReadContent> {
  const { listings, ...checked } = await checkContentYielding(config, cwd, cache, progress)
  const venueYears = groupVenueYears(
    listings.flatMap((l) => l.papers),
    config,
  )
  // One pass over the listings, in order: each adds its key to the venue-years it has papers in.
  const byKey = new Map<string, string[]>(venueYears.map((vy) => [vy.key, []]))
  for (const listing of listings) {
    for (const key of new Set(listing.papers.map((p) => `${p.venue}-${p.year}`))) byKey.get(key)?.push(listing.key)
  }
  const sources = venueYears.map((vy) => byKey.get(vy.key) as string[])
  return { checked, listingFiles: listings.length, listingsCached: listings.filter((l) => l.cached).length, venueYears, sources }
}

/**
 * Build the site: check the content, render and write it venue-year by venue-year on worker
 * threads into a staging folder beside the output, merge the search index, and swap the staging
 * folder in. Any error leaves the previous output exactly as it was.
 *
 * With a cache, a venue-year whose listings, config, templates and papershelf are unchanged is
 * not rendered again: its files are hard-linked from the previous output. Any file whose bytes
 * did not change is linked too, so unchanged files keep their modification time.
 */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const { config, cwd } = options
  const progress = options.progress ?? (() => {})
  const timings: Record<string, number> = {}
  let phaseStart = performance.now()
  const phase = (name: string) => {
    const now = performance.now()
    timings[name] = (now - phaseStart) / 1000
    phaseStart = now
  }
  const cache = options.cacheDir === undefined ? undefined : new BuildCache(resolve(cwd, options.cacheDir))

  // The output folder is locked from the start, and what a killed build left behind is put
  // right first: even a build that then fails on its content leaves the previous site in place.
  const out = resolve(cwd, config.out)
  const paths = outputPaths(out)
  const release = acquireLock(out)
  // Without a cache, the bundle is made in a temporary folder that goes when the build ends.
  const scratch = mkdtempSync(join(tmpdir(), 'papershelf-'))
  // 4. The front end, bundled by Vite (reused from the cache when its inputs are unchanged), made
  //    while the listings are parsed: Vite bundles on threads of its own and parsing leaves it
  //    turns of the event loop, so the bundle is mostly ready by the time the pages need it.
  //    The dev server passes scripts and styles of its own instead: then there is no bundle.
  const frontEnd: Promise<{ bundle?: Assets; assets: { css: string[]; js: string[] } }> = options.assets
    ? Promise.resolve({ assets: options.assets })
    : buildAssets(config.base, cache?.dir, scratch).then((bundle) => ({ bundle, assets: { css: bundle.css, js: bundle.js } }))
  // Awaited once the pages need it; a failure meanwhile must not count as unhandled.
  frontEnd.catch(() => undefined)
  // Vite may still be writing into the scratch folder: it goes once the bundle is settled.
  const cleanUp = async () => {
    await frontEnd.catch(() => undefined)
    release()
    rmSync(scratch, { recursive: true, force: true })
  }
  let content: ReadContent
  try {
    recoverOutput(out)
    content = await readContent(config, cwd, cache, progress)
  } catch (error) {
    await cleanUp()
    throw error
  }
  phase('parse')
  const { checked, listingsCached, listingFiles } = content
  const empty = {
    ok: false,
    papers: 0,
    venueYears: 0,
    listingPages: 0,
    paperPages: 0,
    authorPages: 0,
    pages: 0,
    outputFiles: 0,
    outputBytes: 0,
    unchangedFiles: 0,
    indexBytes: 0,
    cacheUsed: cache !== undefined,
    listingsCached,
    listingsParsed: listingFiles - listingsCached,
    venueYearsReused: 0,
    venueYearsRendered: 0,
    timings,
  }
  if (checked.errors > 0) {
    await cleanUp()
    return { ...checked, ...empty }
  }
  // Each venue-year goes to its job whole, and is let go once the job has it; from then on the
  // build holds only its papers' summaries.
  const toRender: (VenueYear | undefined)[] = content.venueYears
  const venueYears = content.venueYears.map(summarize)
  const paperCount = venueYears.reduce((n, vy) => n + vy.papers.length, 0)
  const workerJobs = paperCount < limitedHeapPapers ? undefined : jobMeasure(content.venueYears)
  // Workers get a heap limit only for a large catalog.
  const newPool = (size: number) => new WorkerPool<Job, JobResult>(size, workerJobs && workerHeapLimitMb(workerJobs))

  let pool: WorkerPool<Job, JobResult> | undefined
  // The search index is written beside the author pages: a failure of those waits for it to end
  // before the staging folder is removed (or it would write into it again).
  let indexWritten: Promise<void> = Promise.resolve()
  try {
    // A clean build (no cache) writes every file; otherwise unchanged files are linked from the
    // previous site. The saved state says what that site holds, if it is still the folder in place.
    const previous = cache && existsSync(out) ? out : undefined
    const saved = previous ? cache?.getState(out) : undefined
    let state = saved && saved.stamp === folderStamp(out) ? saved : undefined
    // With nothing to reuse and much to render, the workers load the renderer while the bundle is made.
    if (!state && options.jobs !== 0 && (options.jobs !== undefined || paperCount > inProcessPapers)) {
      pool = newPool(options.jobs ?? defaultJobs())
    }
    progress({ phase: 'bundle', done: 0, total: 1 })
    const { bundle, assets } = await frontEnd
    progress({ phase: 'bundle', done: 1, total: 1 })
    phase('bundle')
    const keyOfInputs = sha256(JSON.stringify(config), JSON.stringify(assets), JSON.stringify(defaultShardOptions))
    // Author slugs and BibTeX keys are site-wide (collisions are settled across all papers);
    // each venue-year gets the part it shows, and its output depends on exactly that part.
    const slugs = authorSlugs(venueYears.flatMap((vy) => vy.papers.flatMap((p) => p.authors)))
    const keys = bibtexKeys(venueYears.flatMap((vy) => vy.papers))
    const venueYearKeys = venueYears.map((vy) => vy.papers.map((p): [string, string] => [p.id, keys.get(p.id) as string]))
    // A venue-year's hash is only ever compared with a cache's state; without a cache none is
    // made (it reads every byte of the listings).
    const unitHashes = venueYears.map((vy, i) =>
      cache ? unitHash(cache.code, keyOfInputs, vy, content.sources[i] as string[], namesOf(vy, slugs, venueYearKeys[i] as [string, string][])) : '',
    )
    // papershelf's code with the config and bundle: what every output file depends on.
    const inputsKey = sha256(cache?.code ?? '', keyOfInputs)
    const siteKey = sha256(inputsKey, ...unitHashes)
    // Nothing the site depends on changed, and the site is still all there: nothing to do. If
    // files went missing from it, it was changed by hand, and what the state says is not trusted.
    const intact = previous && state?.site === siteKey ? hasEveryFile(previous, state.manifest) : undefined
    if (intact === false) state = undefined
    if (intact && state) {
      phase('pages')
      return {
        ...checked,
        ...empty,
        ...state.pages,
        ok: true,
        papers: paperCount,
        venueYears: venueYears.length,
        outputFiles: state.manifest.length,
        unchangedFiles: state.manifest.length,
        indexBytes: state.indexBytes,
        outputBytes: state.bytes,
        venueYearsReused: venueYears.length,
      }
    }
    // The spare copy of the site before the one in place, if the state vouches for it, becomes
    // the staging folder and is brought up to date; any other spare is of no use.
    const spare = state?.spare && state.spare.stamp === folderStamp(paths.spare) ? applySiteFileDiff(state.manifest, state.spare) : undefined
    if (spare && state) {
      // From here on the spare is being changed: the state must not vouch for it any more.
      cache?.putState(out, { ...state, spare: undefined })
      renameSync(paths.spare, paths.staging)
    } else discard(out, paths.spare)
    const liveFiles = state && siteFiles(state.manifest)
    const stagedFiles = spare && siteFiles(spare)
    const context: JobContext = {
      config,
      assets,
      root: paths.staging,
      previous,
      shardFiles: filesOf([...(liveFiles?.keys() ?? [])].filter((path) => path.startsWith('search/shards/'))),
      docChunkSize: defaultShardOptions.docChunkSize,
      bibChunkSize: defaultShardOptions.bibChunkSize,
      cache: cache && { dir: cache.dir, code: cache.code },
      authorSlugs: slugs,
    }
    const site = createSiteContext(config, assets)
    const writer = new SiteWriter(paths.staging, { live: previous, liveFiles, stagedFiles, hashes: cache !== undefined })
    // What a worker is told of the files a job writes (the main thread's writer knows them all).
    function filesOf(sitePaths: readonly string[]): JobFiles | undefined {
      if (!liveFiles) return undefined
      const entries = (files: SiteFiles): SiteFileList =>
        sitePaths.flatMap((path): SiteFileList => {
          const entry = files.get(path)
          return entry ? [entry] : []
        })
      return { live: entries(liveFiles), staged: stagedFiles && entries(stagedFiles) }
    }
    // Starting workers (each loads the renderer) costs more than it saves when little is to be
    // rendered, as in most rebuilds: then the main thread does it.
    const papersToRender = venueYears.reduce((n, vy, i) => (state?.units[vy.key] === unitHashes[i] ? n : n + vy.papers.length), 0)
    const jobs = options.jobs ?? (papersToRender > inProcessPapers ? defaultJobs() : 0)
    if (!pool && jobs > 0) pool = newPool(jobs)
    pool?.start(context)
    // Shards and author batches handed out ahead of the workers: enough to keep them busy, few
    // enough that a catalog's whole index or author pages are never queued in memory at once.
    // In process, the shards compressing on the thread pool are the ones in flight.
    const inFlight = pool ? 2 * pool.size : 8
    // Without workers, the jobs run here; the renderer is loaded only then (workers load their own).
    const inProcess = pool ? undefined : await import('./jobs.ts')
    // In process, each job first yields to the event loop, so that finished shard compressions
    // are written and the next ones started between the author batches.
    const run = async (job: Job, transfer: ArrayBuffer[] = []): Promise<JobResult> => {
      if (pool) return pool.run(job, transfer)
      await nextTurn()
      return (inProcess as typeof import('./jobs.ts')).runJobInProcess(context, job, writer)
    }
    // Every file of the new site, and how many are the previous site's unchanged.
    const files: SiteFiles = new Map()
    let unchanged = 0
    const count = (written: Written) => {
      for (const entry of written.files) files.set(entry[0], entry)
      unchanged += written.kept
    }

    // 5. Each venue-year on a worker: markdown, listing and paper pages, data file, search postings;
    //    or, when nothing it depends on changed, its previous files carried over by the manifest.
    let done = 0
    let reused = 0
    async function renderUnit(i: number): Promise<CachedUnit> {
      const venueYear = toRender[i] as VenueYear
      toRender[i] = undefined
      const hash = unitHashes[i] as string
      const ownPaths = unitPaths(venueYear, config.pageSize, context.docChunkSize, context.bibChunkSize)
      const cached = state?.units[venueYear.key] === hash ? cache?.getUnit(hash) : undefined
      if (cached && writer.keepAll(ownPaths)) {
        reused++
        progress({ phase: 'pages', done: ++done, total: venueYears.length })
        return cached
      }
      // The papers as the previous build rendered them, if the same papershelf did.
      const before = state?.units[venueYear.key]
      const earlier = (before === undefined ? undefined : cache?.getRenders(before)) ?? { fields: [], paperPages: [], chunks: [], searchKeys: [] }
      // The same papers in the same order: the previous postings, patched for the papers whose
      // searchable text changed (none when only names or pages did), cost far less than tokenizing.
      // (Only a build with a cache has a next build to compare them with.)
      const searchKeys = cache ? venueYear.papers.map((p) => contentHash(JSON.stringify([p.title, p.authors, p.abstract]))) : []
      const changed = searchKeys.flatMap((key, doc) => (key === earlier.searchKeys[doc] ? [] : [doc]))
      const previous =
        before !== undefined && earlier.searchKeys.length === searchKeys.length && changed.length * 2 < searchKeys.length
          ? cache?.getUnit(before)?.postings
          : undefined
      const postings = previous && { previous, changed }
      const job: Job = {
        type: 'venue-year',
        venueYear,
        unit: hash,
        bibtexKeys: venueYearKeys[i] as [string, string][],
        earlier,
        searchKeys,
        postings,
        files: pool && filesOf(ownPaths),
      }
      const result = await run(job, previous ? postingsTransfer(previous) : [])
      if (result.type !== 'venue-year') throw new Error('unexpected job result')
      count(result)
      const unit = { postings: result.postings, docsHash: result.docsHash, pages: result.pages, titles: result.titles }
      cache?.putUnit(hash, unit)
      progress({ phase: 'pages', done: ++done, total: venueYears.length })
      return unit
    }
    // The largest venue-years are handed out first, so that no worker is left with a big one
    // at the end while the others wait.
    const largestFirst = venueYears.map((_, i) => i).sort((a, b) => (venueYears[b] as VenueYear).papers.length - (venueYears[a] as VenueYear).papers.length)
    const units: CachedUnit[] = []
    // A job is put together (with the previous render and postings it reuses) only as a worker is
    // about to be free: made all at once, a rebuild that renders everything again held every
    // venue-year's previous HTML and postings at once (3.3 GB of main heap at 250,000 papers).
    const rendered = mapBounded(largestFirst, inFlight, async (i) => {
      units[i] = await renderUnit(i)
    })
    // Papers grouped by author, for the author pages (their titles are added once rendered).
    // While workers render, the main thread is free: it groups the papers meanwhile.
    const groupedEarly = pool ? groupByAuthor(venueYears, slugs) : undefined
    await rendered
    phase('pages')

    // 6. The search index: the postings merged into term shards, compressed on the workers;
    //    unchanged when no venue-year changed. The workers compress while the main thread goes
    //    on with the author pages.
    const indexKey = sha256(...unitHashes, JSON.stringify(defaultShardOptions))
    const indexed: IndexedVenueYear[] = venueYears.map((vy, i) => ({
      key: vy.key,
      venue: vy.venue,
      name: vy.name,
      year: vy.year,
      postings: (units[i] as CachedUnit).postings,
    }))
    // The previous index is its manifest and the shards in the site's state (shards are named by content).
    const keptIndex =
      state?.index === indexKey &&
      writer.keepAll(state.manifest.map(([path]) => path).filter((path) => path.startsWith('search/shards/') || path === 'search/manifest.json'))
    if (!keptIndex) indexWritten = writeIndex()
    // Awaited after the author pages; until then a failure must not count as unhandled.
    indexWritten.catch(() => undefined)
    async function writeIndex(): Promise<void> {
      let encoded = 0
      const scoring = shardScoring(indexed)
      const written = await mapBounded(mergeShards(indexed, defaultShardOptions), inFlight, async ({ start, shard }) => {
        const r = await run({ type: 'encode-shard', shard, scoring }, shardTransfer(shard))
        if (r.type !== 'encode-shard') throw new Error('unexpected job result')
        count(r)
        progress({ phase: 'index', done: ++encoded, total: encoded })
        return { start, name: r.name, tail: r.tail }
      })
      const generation = indexGeneration(
        written.map((s) => s.name),
        units.map((u) => u.docsHash),
      )
      writer.write('search/manifest.json', `${JSON.stringify(searchManifest(indexed, written, generation, defaultShardOptions, scoring))}\n`)
    }

    // 7. Author pages: when no paper's authors, place or title changed, every one is kept as it
    //    is; otherwise a page whose author's papers (and co-authors' slugs) did not change is
    //    kept, and the others are rendered on the workers, in batches.
    async function renderAuthorPages(): Promise<Record<string, string>> {
      const { entries, authorsJob } = authorPages(groupedEarly ?? groupByAuthor(venueYears, slugs), venueYears, units, slugs, cache ? inputsKey : undefined)
      const stale = entries.filter(({ slug, hash }) => !(state?.authors?.[slug] === hash && writer.keep(outputPath(routes.author(slug)))))
      // Authors of the same papers share batches, and a batch carries each of its papers once.
      stale.sort((a, b) => a.firstPaper - b.firstPaper)
      // What a batch's pages are made from is put together only when the batch is handed out.
      function* batches(): Generator<Job> {
        for (let i = 0; i < stale.length; i += authorBatch) {
          const batch = stale.slice(i, i + authorBatch)
          yield { ...authorsJob(batch.map((entry) => entry.group)), files: pool && filesOf(batch.map(({ slug }) => outputPath(routes.author(slug)))) }
        }
      }
      await mapBounded(batches(), inFlight, async (job) => count(await run(job)))
      return Object.fromEntries(entries.map(({ slug, hash }) => [slug, hash]))
    }
    // Only a build with a cache has a next build to compare it with.
    function* authorInputs(): Generator<string> {
      yield inputsKey
      for (const [i, vy] of venueYears.entries()) {
        yield JSON.stringify([vy.key, vy.papers.map((p) => [p.id, p.index, p.authors]), (units[i] as CachedUnit).titles])
      }
    }
    const authorsKey = cache ? sha256Of(authorInputs()) : ''
    const keptAuthors = state?.authorsKey === authorsKey && state.authors
    const authorHashes =
      keptAuthors && writer.keepAll(Object.keys(keptAuthors).map((slug) => outputPath(routes.author(slug)))) ? keptAuthors : await renderAuthorPages()
    const authorPageCount = Object.keys(authorHashes).length
    await indexWritten
    // The workers' part is done: their heaps go before the site's state is put together.
    await pool?.close()
    phase('index+authors')

    // 8. Site-wide pages and files: catalog, search page, 404, data catalog, sitemap, robots, assets.
    const emit = (file: OutputFile) => writer.write(file.path, file.content)
    let globalCount = 0
    for (const page of globalPages(site, venueYears)) {
      emit(page)
      globalCount++
    }
    emit(catalogData(config, venueYears, site.href))
    const absoluteOrBase = (route: string) => site.absolute(route) ?? site.href(route)
    const urls = ['', ...venueYears.flatMap((vy) => venueYearRoutes(vy, config.pageSize))].map(absoluteOrBase)
    for (const file of sitemapFiles(urls, absoluteOrBase)) emit(file)
    emit(robotsTxt(absoluteOrBase('sitemap.xml')))
    if (bundle) copyAssets(bundle, writer)
    progress({ phase: 'site', done: 1, total: 1 })
    phase('site')

    // 9. Swap the finished site in, and remember what it was made of.
    count(writer.drain())
    if (stagedFiles) removeStale(paths.staging, stagedFiles, files)
    let outputBytes = 0
    let indexBytes = 0
    for (const [path, , size] of files.values()) {
      outputBytes += size
      if (path.startsWith(`search${sep}`)) indexBytes += size
    }
    // The saved state must never describe a site that is not the one in place: forgotten before
    // the swap, written after it (a build killed in between just starts from scratch).
    cache?.deleteState(out)
    // With a cache, the site before becomes the spare copy for the next build if the state knew
    // its files; otherwise the spare is made of links to the new one.
    commitOutput(writer.root, out, cache !== undefined && state !== undefined)
    progress({ phase: 'swap', done: 1, total: 1 })
    phase('swap')
    const listingPages = listingPageCount(venueYears, config.pageSize)
    const pages = { listingPages, paperPages: paperCount, authorPages: authorPageCount, pages: listingPages + paperCount + authorPageCount + globalCount }
    if (cache) {
      const manifest = siteFileList(files)
      const before = state && existsSync(paths.spare) ? state.manifest : undefined
      if (!before) makeSpare(out, paths.spare, files)
      const spareCopy = { stamp: folderStamp(paths.spare) ?? '', ...(before ? diffSiteFiles(files, before) : { changed: [], missing: [] }) }
      phase('spare')
      const unitsOfState = Object.fromEntries(venueYears.map((vy, i) => [vy.key, unitHashes[i] as string]))
      cache.putState(out, {
        units: unitsOfState,
        index: indexKey,
        authors: authorHashes,
        authorsKey,
        site: siteKey,
        bytes: outputBytes,
        indexBytes,
        pages,
        stamp: folderStamp(out) ?? '',
        manifest,
        spare: spareCopy,
      })
      cache.prune(out, unitsOfState)
    }
    return {
      ...checked,
      ...empty,
      ...pages,
      ok: true,
      papers: paperCount,
      venueYears: venueYears.length,
      outputFiles: files.size,
      outputBytes,
      unchangedFiles: unchanged,
      indexBytes,
      venueYearsReused: reused,
      venueYearsRendered: venueYears.length - reused,
    }
  } catch (error) {
    // Workers still busy with other jobs would go on writing into the staging folder.
    await pool?.close()
    await indexWritten.catch(() => undefined)
    rmSync(paths.staging, { recursive: true, force: true })
    throw new Error(`Build failed, ${config.out} was left as it was: ${describeFsError(error)}`, { cause: error })
  } finally {
    await pool?.close()
    await cleanUp()
  }
}

/**
 * What a venue-year's output depends on: papershelf's code, the config and bundle, the
 * venue-year, and the parse of each listing that contributes papers to it, in order.
 */
function unitHash(code: string, inputs: string, venueYear: VenueYear<PaperSummary>, sources: readonly string[], names: VenueYearNames): string {
  return sha256(code, inputs, venueYear.key, venueYear.name, JSON.stringify(names), ...sources)
}

function summarize(venueYear: VenueYear): VenueYear<PaperSummary> {
  return { ...venueYear, papers: venueYear.papers.map(({ abstract: _, ...summary }) => summary) }
}

/** What a venue-year's pages show of the site-wide names: its authors' slugs and its papers' BibTeX keys. */
interface VenueYearNames {
  authorSlugs: [string, string][]
  bibtexKeys: [string, string][]
}

function namesOf(venueYear: VenueYear<PaperSummary>, slugs: ReadonlyMap<string, string>, bibtexKeys: [string, string][]): VenueYearNames {
  const authorSlugs = [...new Set(venueYear.papers.flatMap((p) => p.authors))].flatMap((name): [string, string][] => {
    const slug = slugs.get(name)
    return slug === undefined ? [] : [[name, slug]]
  })
  return { authorSlugs, bibtexKeys }
}

/** Every file a venue-year writes. */
function unitPaths(venueYear: VenueYear<PaperSummary>, pageSize: number, docChunkSize: number, bibChunkSize: number): string[] {
  return [
    ...venueYearRoutes(venueYear, pageSize).map(outputPath),
    ...venueYearDataPaths(venueYear, venueYear.papers.length),
    routes.venueYearBibtex(venueYear.venue, venueYear.year),
    ...docChunkPaths(venueYear.key, venueYear.papers.length, docChunkSize),
    ...bibChunkPaths(venueYear.key, venueYear.papers.length, bibChunkSize),
  ]
}

/** What the largest job of a catalog is made of: the characters of its largest venue-year, and the author names of the site. */
interface JobMeasure {
  largestVenueYearChars: number
  authorNames: number
}

function jobMeasure(venueYears: readonly VenueYear[]): JobMeasure {
  let largestVenueYearChars = 0
  let authorNames = 0
  for (const vy of venueYears) {
    let chars = 0
    for (const p of vy.papers) {
      chars += p.title.length + p.abstract.length + p.url.length
      for (const name of p.authors) chars += name.length
      authorNames += p.authors.length
    }
    largestVenueYearChars = Math.max(largestVenueYearChars, chars)
  }
  return { largestVenueYearChars, authorNames }
}

/**
 * The heap a build worker may grow to, for a catalog large enough that memory matters (smaller
 * ones get V8's default). Left alone, V8 let each worker's heap grow to several times what it held
 * (at 250,000 papers, 750 MB and more for 150-220 MB live) before collecting. The limit is about
 * four times a generous estimate of the most a job holds: 64 bytes per character of the largest
 * venue-year (its papers rendered, math markup many times its source, with its pages and
 * postings), and 128 bytes per author name for the site's slug map (a job is told only of its own
 * files, see `JobFiles`). With a limit V8 also collects more often while the heap is small:
 * 27,000-paper builds took several percent longer, for memory they did not need (a peak of about
 * 1 GB without it).
 */
function workerHeapLimitMb(jobs: JobMeasure): number {
  return Math.ceil(256 + (64 * jobs.largestVenueYearChars + 128 * jobs.authorNames) / 2 ** 20)
}

/** From this many papers on, build workers get a heap limit (`workerHeapLimitMb`). */
const limitedHeapPapers = 100_000

/** Up to this many papers to render, a build without `--jobs` renders on the main thread. */
const inProcessPapers = 5000

/** Author pages rendered per worker job. */
const authorBatch = 500

type AuthorsJob = Omit<Extract<Job, { type: 'authors' }>, 'files'>

/**
 * Every author page: its slug, a hash of what it shows (the author's papers with their titles,
 * the counts per venue-year, the co-authors' slugs it links; empty without `inputs`, when no
 * later build will compare it), its group and the site order of its newest paper; and how a
 * batch of groups becomes a job, built only for the pages that are rendered.
 */
function authorPages(
  groups: readonly AuthorGroup[],
  venueYears: readonly VenueYear<PaperSummary>[],
  units: readonly CachedUnit[],
  slugs: ReadonlyMap<string, string>,
  inputs: string | undefined,
): { entries: { slug: string; hash: string; group: AuthorGroup; firstPaper: number }[]; authorsJob: (groups: readonly AuthorGroup[]) => AuthorsJob } {
  const titles = new Map<PaperSummary, string>()
  const siteOrder = new Map<PaperSummary, number>()
  venueYears.forEach((vy, i) => {
    for (const [k, p] of vy.papers.entries()) {
      titles.set(p, (units[i] as CachedUnit).titles[k] as string)
      siteOrder.set(p, siteOrder.size)
    }
  })
  // A paper's part of the hash, made once however many authors it has (a digest: at 250,000
  // papers, keeping each paper's JSON for the whole step took about 90 MB).
  const digests = new Map<PaperSummary, string>()
  const digest = (p: PaperSummary): string => {
    let d = digests.get(p)
    if (d === undefined) {
      d = contentHash(JSON.stringify([p.id, p.venue, p.year, p.index, p.authors, titles.get(p), p.authors.map((name) => slugs.get(name) ?? '')]))
      digests.set(p, d)
    }
    return d
  }
  const paper = (p: PaperSummary): AuthorPaper => ({
    id: p.id,
    venue: p.venue,
    year: p.year,
    index: p.index,
    authors: p.authors,
    titleHtml: titles.get(p) as string,
  })
  const authorsJob = (groups: readonly AuthorGroup[]): AuthorsJob => {
    const numbers = new Map<PaperSummary, number>()
    const papers: AuthorPaper[] = []
    const number = (p: PaperSummary): number => {
      let n = numbers.get(p)
      if (n === undefined) {
        n = papers.push(paper(p)) - 1
        numbers.set(p, n)
      }
      return n
    }
    return { type: 'authors', papers, authors: groups.map((group) => ({ ...group, papers: group.papers.map(number) })) }
  }
  return {
    entries: groups.map((group) => ({
      slug: group.slug,
      hash: inputs === undefined ? '' : contentHash(JSON.stringify([inputs, group.name, group.slug, group.counts, group.papers.map(digest)])),
      group,
      firstPaper: siteOrder.get(group.papers[0] as PaperSummary) as number,
    })),
    authorsJob,
  }
}

function listingPageCount(venueYears: readonly VenueYear<PaperSummary>[], pageSize: number): number {
  return venueYears.reduce((n, vy) => n + Math.max(1, Math.ceil(vy.papers.length / pageSize)), 0)
}
