import { createHash } from 'node:crypto'
import { type AuthorPaper, authorPage } from '../../templates/author.ts'
import type { Config } from '../config.ts'
import type { Paper, RenderedPaper, VenueYear } from '../paper.ts'
import type { AuthorGroup } from '../reader/authors.ts'
import { bibtexEntry, bibtexFile } from '../reader/bibtex.ts'
import {
  bibChunkFiles,
  type ChunkFile,
  compressChunk,
  docChunkFiles,
  indexVenueYear,
  postingsTransfer,
  type VenueYearPostings,
} from '../search/index-venue-year.ts'
import {
  compressShard,
  compressShardOffThread,
  defaultShardOptions,
  type PackedShard,
  type ShardScoring,
  shardFiles,
  shardJson,
} from '../search/merge-index.ts'
import { patchPostings } from '../search/patch-postings.ts'
import { venueYearData } from '../site/data-export.ts'
import { createSiteContext } from '../site/site-context.ts'
import { outputPath, routes } from '../site/urls.ts'
import { listingPages, paperPageFile } from '../site/venue-year-pages.ts'
import { BuildCache } from './cache.ts'
import { contentHash, type SiteFileList, type SiteWriter } from './output.ts'
import { type RenderedFields, renderedFields, renderPaperReusing } from './render-papers.ts'

/** What every job of one build shares (plain data: it is sent to worker threads). */
export interface JobContext {
  config: Config
  /** The front-end bundle's stylesheets and scripts. */
  assets: { css: string[]; js: string[] }
  /** Staging folder the site is written into. */
  root: string
  /** The site in place, whose unchanged files are linked rather than written. */
  previous: string | undefined
  /** What the site in place and the staging folder hold of the search shards (see `JobFiles`). */
  shardFiles: JobFiles | undefined
  /** Documents per search document chunk, and papers per BibTeX chunk. */
  docChunkSize: number
  bibChunkSize: number
  /** The build cache's folder and code key, where a venue-year's renders are kept for the next build. */
  cache: { dir: string; code: string } | undefined
  /**
   * Every author name's slug (site-wide: collisions are settled across all papers). Sent to each
   * worker once: author pages link co-authors from every venue-year.
   */
  authorSlugs: ReadonlyMap<string, string>
}

/**
 * What the site in place and the staging folder hold of the files a job writes (see `SiteWriter`);
 * `undefined` when the build knows nothing of them. Each job is told only its own files: given
 * the whole site's lists, every worker held them twice over (1.8 million entries at 250,000 papers).
 */
export interface JobFiles {
  live: SiteFileList
  staged: SiteFileList | undefined
}

/**
 * What rendering a venue-year leaves for the next build: each paper's markdown fields and what
 * they render to, the input key of each paper page (by paper id), the hash of each search
 * chunk's JSON (by path), and the hash of each paper's searchable text (in venue-year order),
 * which its postings were made from.
 */
export interface Renders {
  fields: RenderedFields[]
  paperPages: [id: string, key: string][]
  chunks: [path: string, key: string][]
  searchKeys: string[]
}

export type Job =
  | {
      type: 'venue-year'
      venueYear: VenueYear<Paper>
      /** The venue-year's unit hash, under which its renders are kept. */
      unit: string
      /** BibTeX keys of the venue-year's papers (site-wide: collisions are settled across all papers). */
      bibtexKeys: [string, string][]
      /** What the previous build's render of the venue-year left: unchanged text and pages are not rendered again. */
      earlier: Renders
      /** Hash of each paper's searchable text; the previous build's postings, and which papers' text changed since. */
      searchKeys: string[]
      postings: { previous: VenueYearPostings; changed: number[] } | undefined
      files: JobFiles | undefined
    }
  | {
      type: 'authors'
      /** The batch's papers, each once however many of its authors the batch has. */
      papers: AuthorPaper[]
      /** Each author's papers as numbers in `papers`. */
      authors: AuthorGroup<number>[]
      files: JobFiles | undefined
    }
  | { type: 'encode-shard'; shard: PackedShard; scoring: ShardScoring }

/** The files a job put into the staging folder, and how many of them were unchanged. */
export interface Written {
  files: SiteFileList
  kept: number
}

export type JobResult =
  | ({ type: 'venue-year'; key: string; pages: number; postings: VenueYearPostings; docsHash: string; titles: string[] } & Written)
  | ({ type: 'authors'; pages: number } & Written)
  | ({ type: 'encode-shard'; name: string; tail: boolean } & Written)

/** Run one job against a writer; the worker threads and the in-process build both call this. */
export function runJob(context: JobContext, job: Job, writer: SiteWriter): { result: JobResult; transfer: ArrayBuffer[] } {
  // Everything the writer recorded since the last job: on a worker that is this job's files.
  const written = (): Written => writer.drain()
  switch (job.type) {
    case 'encode-shard': {
      const { name, tail, files } = shardToWrite(job, writer)
      for (const { path, json } of files) writer.write(path, compressShard(json))
      return { result: { type: 'encode-shard', name, tail, ...written() }, transfer: [] }
    }
    case 'venue-year':
      return renderVenueYear(context, job, writer, written)
    case 'authors': {
      const site = createSiteContext(context.config, context.assets)
      for (const author of job.authors) {
        const papers = author.papers.map((n) => job.papers[n] as AuthorPaper)
        writer.write(outputPath(routes.author(author.slug)), authorPage(site, { ...author, papers }, { slugs: context.authorSlugs }))
      }
      return { result: { type: 'authors', pages: job.authors.length, ...written() }, transfer: [] }
    }
  }
}

/**
 * `runJob` for the build without workers. A shard is compressed on libuv's thread pool, which
 * is otherwise idle: the main thread goes on with other jobs (author pages) meanwhile.
 */
export async function runJobInProcess(context: JobContext, job: Job, writer: SiteWriter): Promise<JobResult> {
  if (job.type !== 'encode-shard') return runJob(context, job, writer).result
  const { name, tail, files } = shardToWrite(job, writer)
  for (const { path, json } of files) writer.write(path, await compressShardOffThread(json))
  return { type: 'encode-shard', name, tail, ...writer.drain() }
}

/**
 * A shard's name, and the JSON of its file and its tail's that the previous site does not have
 * already (shards are named by content, so an unchanged one is found there before compressing).
 */
function shardToWrite(
  job: Extract<Job, { type: 'encode-shard' }>,
  writer: SiteWriter,
): { name: string; tail: boolean; files: { path: string; json: string }[] } {
  const encoded = shardJson(job.shard, job.scoring, defaultShardOptions)
  return { name: encoded.name, tail: encoded.tail !== undefined, files: shardFiles(encoded).filter((file) => !writer.keep(file.path)) }
}

/**
 * One venue-year, start to finish: render its markdown, write its listing pages, paper pages,
 * data file and search document chunks, and tokenize it for the index. Nothing of it needs to
 * stay in memory afterwards but the compact postings.
 */
function renderVenueYear(
  context: JobContext,
  job: Extract<Job, { type: 'venue-year' }>,
  writer: SiteWriter,
  written: () => Written,
): { result: JobResult; transfer: ArrayBuffer[] } {
  const source = job.venueYear
  const bibtexKeys = new Map(job.bibtexKeys)
  const site = createSiteContext(context.config, context.assets, { authorSlugs: context.authorSlugs, bibtexKeys })
  const venueYear: VenueYear<RenderedPaper> = { ...source, papers: source.papers.map(renderPaperReusing(job.earlier.fields)) }
  let pages = 0
  for (const page of listingPages(site, venueYear)) {
    writer.write(page.path, page.content)
    pages++
  }
  // A paper page whose inputs are those of the previous build's is kept as it is.
  const earlierPages = new Map(job.earlier.paperPages)
  const inputs = JSON.stringify([context.config, context.assets])
  const paperPages = venueYear.papers.map((paper, i): [string, string] => {
    // Only a build with a cache has a next build to compare it with.
    const key = context.cache ? paperPageKey(inputs, venueYear, i, bibtexKeys, site.authorSlugs) : ''
    if (!(earlierPages.get(paper.id) === key && writer.keep(outputPath(routes.paper(paper))))) {
      const page = paperPageFile(site, venueYear, i)
      writer.write(page.path, page.content)
    }
    pages++
    return [paper.id, key]
  })
  for (const data of venueYearData(venueYear, site.href)) writer.write(data.path, data.content)
  const entries = venueYear.papers.map((paper) => bibtexEntry(paper, { key: bibtexKeys.get(paper.id) as string, venueName: venueYear.name }))
  writer.write(routes.venueYearBibtex(venueYear.venue, venueYear.year), bibtexFile(entries))
  // A chunk whose JSON is the previous build's is kept: compressing it again is most of its cost.
  const earlierChunks = new Map(job.earlier.chunks)
  const chunks: [string, string][] = []
  const writeChunk = ({ path, json }: ChunkFile): string => {
    const key = contentHash(json)
    chunks.push([path, key])
    if (!(earlierChunks.get(path) === key && writer.keep(path))) writer.write(path, compressChunk(json))
    return key
  }
  for (const file of bibChunkFiles(venueYear.key, entries, context.bibChunkSize)) writeChunk(file)
  const docsHash = createHash('sha256')
  for (const file of docChunkFiles(venueYear.key, venueYear.papers, context.docChunkSize, site.authorSlugs)) docsHash.update(writeChunk(file))
  // Kept here rather than sent back: the main thread has no use for every paper's HTML.
  if (context.cache) {
    const renders: Renders = { fields: venueYear.papers.map(renderedFields), paperPages, chunks, searchKeys: job.searchKeys }
    new BuildCache(context.cache.dir, context.cache.code).putRenders(job.unit, renders)
  }
  const postings = !job.postings
    ? indexVenueYear(venueYear.papers)
    : job.postings.changed.length === 0
      ? job.postings.previous
      : patchPostings(job.postings.previous, venueYear.papers, job.postings.changed)
  return {
    result: {
      type: 'venue-year',
      key: venueYear.key,
      pages,
      postings,
      docsHash: docsHash.digest('hex'),
      titles: venueYear.papers.map((paper) => paper.titleHtml),
      ...written(),
    },
    transfer: postingsTransfer(postings),
  }
}

/**
 * Everything the page of paper `i` shows (see `templates/paper.ts`), as one string: the paper's
 * source fields (its HTML follows from them and papershelf's code, which the render cache is
 * keyed by), the venue-year's name, the listing page it is on, the papers before and after it,
 * its BibTeX key and its authors' slugs, and the config and assets every page depends on.
 */
function paperPageKey(
  inputs: string,
  venueYear: VenueYear<RenderedPaper>,
  i: number,
  bibtexKeys: ReadonlyMap<string, string>,
  authorSlugs: ReadonlyMap<string, string>,
): string {
  const papers = venueYear.papers
  const paper = papers[i] as RenderedPaper
  const neighbour = (p: RenderedPaper | undefined) => p && [p.venue, p.year, p.index, p.title]
  return contentHash(
    JSON.stringify([
      inputs,
      venueYear.name,
      [paper.id, paper.venue, paper.year, paper.index, paper.title, paper.authors, paper.url, paper.abstract],
      i,
      neighbour(papers[i - 1]),
      neighbour(papers[i + 1]),
      bibtexKeys.get(paper.id),
      paper.authors.map((name) => authorSlugs.get(name) ?? null),
    ]),
  )
}
