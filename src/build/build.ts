import { rmSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import type { VFile } from 'vfile'
import type { Config } from '../config.ts'
import type { Paper, VenueYear } from '../paper.ts'
import { indexGeneration } from '../search/build-index.ts'
import { defaultShardOptions, type IndexedVenueYear, mergeShards, searchManifest } from '../search/merge-index.ts'
import { groupVenueYears } from '../site/catalog.ts'
import { catalogData } from '../site/data-export.ts'
import { globalPages, type OutputFile, venueYearRoutes } from '../site/pages.ts'
import { createSiteContext } from '../site/site-context.ts'
import { robotsTxt, sitemapFiles } from '../site/sitemap.ts'
import { buildAssets, copyAssets } from './assets.ts'
import { checkDuplicates } from './check-duplicates.ts'
import { discoverListings } from './discover.ts'
import { type Job, type JobContext, type JobResult, runJob } from './jobs.ts'
import { type LoadedListing, loadListing } from './load-listing.ts'
import { acquireLock, commitOutput, outputPaths, recoverOutput, SiteWriter } from './output.ts'
import { defaultJobs, WorkerPool } from './pool.ts'
import { tally } from './report.ts'

export interface BuildOptions {
  config: Config
  /** Folder that relative paths (content, out, cache) are taken from, and diagnostics are shown relative to. */
  cwd: string
  /** Where to keep reusable work (the front-end bundle); `undefined` for none. */
  cacheDir: string | undefined
  /** Worker threads for rendering and writing; 0 does everything on the main thread. */
  jobs?: number
  /** Progress lines. */
  log?: (line: string) => void
}

export interface CheckResult {
  /** One file per listing (and per refused path), with its messages. */
  files: VFile[]
  listings: LoadedListing[]
  errors: number
  warnings: number
}

export interface BuildResult extends CheckResult {
  /** False when errors stopped the build; the output folder was not touched. */
  ok: boolean
  papers: number
  venueYears: number
  pages: number
  outputFiles: number
  outputBytes: number
  /** Seconds spent in each phase. */
  timings: Record<string, number>
}

/** Parse and validate every listing: discovery, decoding, record scan, cross-file checks. */
export function checkContent(config: Config, cwd: string): CheckResult {
  const content = resolve(cwd, config.content)
  const display = (path: string) => relative(cwd, path) || path
  // 1. Find listing files (and refuse symlinks out of the content folder).
  const discovery = discoverListings(content, display)
  // 2. Decode and scan each into records, with diagnostics on its vfile.
  const listings = discovery.files.map((listing) => loadListing(listing, display(listing.path)))
  // 3. Records must be unique per venue, year and index across files.
  checkDuplicates(listings)
  const files = [...discovery.problems, ...listings.map((l) => l.file)]
  return { files, listings, ...tally(files) }
}

/**
 * Build the site: check the content, then render and write it venue-year by venue-year on
 * worker threads into a staging folder beside the output, merge the search index, and swap
 * the staging folder in. Any error leaves the previous output exactly as it was.
 */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const { config, cwd } = options
  const log = options.log ?? (() => {})
  const timings: Record<string, number> = {}
  let phaseStart = performance.now()
  const phase = (name: string) => {
    const now = performance.now()
    timings[name] = (now - phaseStart) / 1000
    phaseStart = now
  }

  const checked = checkContent(config, cwd)
  phase('parse')
  const failed = { ...checked, ok: false, papers: 0, venueYears: 0, pages: 0, outputFiles: 0, outputBytes: 0, timings }
  if (checked.errors > 0) return failed
  const venueYears = groupVenueYears(
    checked.listings.flatMap((l) => l.papers),
    config,
  )
  const paperCount = venueYears.reduce((n, vy) => n + vy.papers.length, 0)
  log(`parsed ${checked.listings.length} listing files: ${paperCount} papers in ${venueYears.length} venue-years`)

  const out = resolve(cwd, config.out)
  const paths = outputPaths(out)
  const release = acquireLock(out)
  let pool: WorkerPool<Job, JobResult> | undefined
  try {
    recoverOutput(out)
    // 4. The front end, bundled by Vite (reused from the cache when its inputs are unchanged).
    const assets = await buildAssets(config.base, options.cacheDir && resolve(cwd, options.cacheDir), paths.parent)
    phase('bundle')
    const context: JobContext = { config, assets: { css: assets.css, js: assets.js }, root: paths.staging, docChunkSize: defaultShardOptions.docChunkSize }
    const site = createSiteContext(config, assets)
    const writer = new SiteWriter(paths.staging)
    const jobs = options.jobs ?? defaultJobs()
    pool = jobs > 0 ? new WorkerPool<Job, JobResult>(jobs, context) : undefined
    const run = (job: Job, transfer?: ArrayBuffer[]): Promise<JobResult> =>
      pool ? pool.run(job, transfer) : Promise.resolve(runJob(context, job, writer).result)

    // 5. Each venue-year on a worker: markdown, listing and paper pages, data file, search postings.
    const results = await Promise.all(venueYears.map((venueYear) => run({ type: 'venue-year', venueYear })))
    const perVenueYear = results.filter((r): r is Extract<JobResult, { type: 'venue-year' }> => r.type === 'venue-year')
    phase('pages')
    log(`wrote ${perVenueYear.reduce((n, r) => n + r.pages, 0)} listing and paper pages`)

    // 6. The search index: merge the postings into term shards, compressed on the workers.
    const indexed: IndexedVenueYear[] = venueYears.map((vy, i) => ({
      key: vy.key,
      venue: vy.venue,
      name: vy.name,
      year: vy.year,
      postings: (perVenueYear[i] as (typeof perVenueYear)[number]).postings,
    }))
    const encoded: Promise<{ start: string; name: string }>[] = []
    for (const { start, shard } of mergeShards(indexed, defaultShardOptions)) {
      encoded.push(
        run({ type: 'encode-shard', shard }).then((r) => {
          if (r.type !== 'encode-shard') throw new Error('unexpected job result')
          writer.write(`search/${r.name}`, r.content)
          return { start, name: r.name }
        }),
      )
    }
    const shards = await Promise.all(encoded)
    const generation = indexGeneration(
      shards.map((s) => s.name),
      perVenueYear.map((r) => r.docsHash),
    )
    writer.write('search/manifest.json', `${JSON.stringify(searchManifest(indexed, shards, generation, defaultShardOptions))}\n`)
    phase('index')
    log(`built the search index: ${shards.length} shards`)

    // 7. Site-wide pages and files: catalog, search page, 404, data catalog, sitemap, robots, assets.
    let pages = perVenueYear.reduce((n, r) => n + r.pages, 0)
    const emit = (file: OutputFile) => writer.write(file.path, file.content)
    for (const page of globalPages(site, venueYears)) {
      emit(page)
      pages++
    }
    emit(catalogData(config, venueYears, site.href))
    const absoluteOrBase = (route: string) => site.absolute(route) ?? site.href(route)
    const urls = ['', ...venueYears.flatMap((vy: VenueYear<Paper>) => venueYearRoutes(vy, config.pageSize))].map(absoluteOrBase)
    for (const file of sitemapFiles(urls, absoluteOrBase)) emit(file)
    emit(robotsTxt(absoluteOrBase('sitemap.xml')))
    copyAssets(assets, writer.root)
    phase('site')

    // 8. Swap the finished site in.
    commitOutput(writer.root, out)
    phase('swap')
    return {
      ...checked,
      ok: true,
      papers: paperCount,
      venueYears: venueYears.length,
      pages,
      outputFiles: writer.files + perVenueYear.reduce((n, r) => n + (pool ? r.files : 0), 0),
      outputBytes: writer.bytes + perVenueYear.reduce((n, r) => n + (pool ? r.bytes : 0), 0),
      timings,
    }
  } catch (error) {
    rmSync(paths.staging, { recursive: true, force: true })
    throw error
  } finally {
    await pool?.close()
    release()
  }
}
