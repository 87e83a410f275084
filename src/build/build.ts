import { rmSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import type { VFile } from 'vfile'
import type { SiteContext } from '../../templates/context.ts'
import type { Config } from '../config.ts'
import { type BinaryFile, buildSearchIndex } from '../search/build-index.ts'
import { groupVenueYears } from '../site/catalog.ts'
import { dataFiles } from '../site/data-export.ts'
import { type OutputFile, sitePages } from '../site/pages.ts'
import { robotsTxt, sitemapFiles } from '../site/sitemap.ts'
import { hrefFor } from '../site/urls.ts'
import { buildAssets, copyAssets } from './assets.ts'
import { checkDuplicates } from './check-duplicates.ts'
import { discoverListings } from './discover.ts'
import { type LoadedListing, loadListing } from './load-listing.ts'
import { acquireLock, commitOutput, outputPaths, recoverOutput, SiteWriter } from './output.ts'
import { renderPaper } from './render-papers.ts'
import { tally } from './report.ts'

export interface BuildOptions {
  config: Config
  /** Folder that relative paths (content, out, cache) are taken from, and diagnostics are shown relative to. */
  cwd: string
  /** Where to keep reusable work (the front-end bundle); `undefined` for none. */
  cacheDir: string | undefined
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
 * Build the site: check the content, render, write everything into a staging folder beside the
 * output, and swap it in. Any error leaves the previous output exactly as it was.
 */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const { config, cwd } = options
  const log = options.log ?? (() => {})
  const checked = checkContent(config, cwd)
  const failed = { ...checked, ok: false, papers: 0, venueYears: 0, pages: 0, outputFiles: 0, outputBytes: 0 }
  if (checked.errors > 0) return failed
  const paperCount = checked.listings.reduce((n, l) => n + l.papers.length, 0)
  log(`parsed ${checked.listings.length} listing files, ${paperCount} papers`)

  // 4. Render titles and abstracts; group into venue-years.
  const venueYears = groupVenueYears(
    checked.listings.flatMap((l) => l.papers.map(renderPaper)),
    config,
  )
  log(`rendered ${paperCount} papers`)

  const out = resolve(cwd, config.out)
  const paths = outputPaths(out)
  const release = acquireLock(out)
  try {
    recoverOutput(out)
    // 5. The front end, bundled by Vite (reused from the cache when its inputs are unchanged).
    const assets = await buildAssets(config.base, options.cacheDir && resolve(cwd, options.cacheDir), paths.parent)
    const site = siteContext(config, assets)
    const writer = new SiteWriter(paths.staging)
    // 6. Pages, data export, sitemap, robots.txt, front-end assets and public files.
    let pages = 0
    const urls: string[] = []
    const emit = (file: OutputFile | BinaryFile) => writer.write(file.path, file.content)
    for (const page of sitePages(site, venueYears)) {
      emit(page)
      pages++
      if (page.path !== '404.html' && page.path !== 'search/index.html')
        urls.push(site.absolute(page.path.replace(/index\.html$/, '')) ?? site.href(page.path.replace(/index\.html$/, '')))
    }
    log(`wrote ${pages} pages`)
    for (const file of dataFiles(config, venueYears, site.href)) emit(file)
    // 7. The search index: manifest, term shards and document chunks.
    for (const file of buildSearchIndex(venueYears)) emit(file)
    log('built the search index')
    const absoluteOrBase = (route: string) => site.absolute(route) ?? site.href(route)
    for (const file of sitemapFiles(urls, absoluteOrBase)) emit(file)
    emit(robotsTxt(absoluteOrBase('sitemap.xml')))
    copyAssets(assets, writer.root)
    // 8. Swap the finished site in.
    commitOutput(writer.root, out)
    return {
      ...checked,
      ok: true,
      papers: paperCount,
      venueYears: venueYears.length,
      pages,
      outputFiles: writer.files,
      outputBytes: writer.bytes,
    }
  } catch (error) {
    rmSync(paths.staging, { recursive: true, force: true })
    throw error
  } finally {
    release()
  }
}

export function siteContext(config: Config, assets: { css: string[]; js: string[] }): SiteContext {
  const href = hrefFor(config.base)
  return {
    config,
    href,
    absolute: (route) => (config.siteUrl ? config.siteUrl + href(route) : undefined),
    assets: { css: assets.css, js: assets.js },
  }
}
