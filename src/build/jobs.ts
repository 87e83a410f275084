import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { type AuthorPaper, authorPage } from '../../templates/author.ts'
import type { Config } from '../config.ts'
import type { Paper, RenderedPaper, VenueYear } from '../paper.ts'
import type { AuthorGroup } from '../reader/authors.ts'
import { bibtexEntry, bibtexFile } from '../reader/bibtex.ts'
import type { Shard } from '../search/index-format.ts'
import { bibChunkFiles, docChunkFiles, indexVenueYear, postingsTransfer, type VenueYearPostings } from '../search/index-venue-year.ts'
import { shardJson } from '../search/merge-index.ts'
import { venueYearData } from '../site/data-export.ts'
import { venueYearPages } from '../site/pages.ts'
import { createSiteContext } from '../site/site-context.ts'
import { outputPath, routes } from '../site/urls.ts'
import type { SiteFileList, SiteWriter } from './output.ts'
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
  /** What the site in place holds, and what the staging folder already holds (see `SiteWriter`). */
  liveFiles: SiteFileList | undefined
  stagedFiles: SiteFileList | undefined
  /** Documents per search document chunk, and papers per BibTeX chunk. */
  docChunkSize: number
  bibChunkSize: number
}

export type Job =
  | {
      type: 'venue-year'
      venueYear: VenueYear<Paper>
      /** Slugs of the venue-year's author names, and BibTeX keys of its papers (both site-wide). */
      authorSlugs: [string, string][]
      bibtexKeys: [string, string][]
      /** The venue-year's papers as the previous build rendered them: unchanged text is not rendered again. */
      earlier: RenderedFields[]
    }
  | { type: 'authors'; authors: AuthorGroup<AuthorPaper>[]; authorSlugs: [string, string][] }
  | { type: 'encode-shard'; shard: Shard }

/** The files a job put into the staging folder, and how many of them were unchanged. */
export interface Written {
  files: SiteFileList
  kept: number
}

export type JobResult =
  | ({ type: 'venue-year'; key: string; pages: number; postings: VenueYearPostings; docsHash: string; rendered: RenderedFields[] } & Written)
  | ({ type: 'authors'; pages: number } & Written)
  | ({ type: 'encode-shard'; name: string } & Written)

/** Run one job against a writer; the worker threads and the in-process build both call this. */
export function runJob(context: JobContext, job: Job, writer: SiteWriter): { result: JobResult; transfer: ArrayBuffer[] } {
  // Everything the writer recorded since the last job: on a worker that is this job's files.
  const written = (): Written => writer.drain()
  switch (job.type) {
    case 'encode-shard': {
      // Named by content, so an unchanged shard is found in the previous site before compressing.
      const { json, name } = shardJson(job.shard)
      if (!writer.keep(`search/${name}`)) writer.write(`search/${name}`, gzipSync(json, { level: 6 }))
      return { result: { type: 'encode-shard', name, ...written() }, transfer: [] }
    }
    case 'venue-year':
      return renderVenueYear(context, job, writer, written)
    case 'authors': {
      const site = createSiteContext(context.config, context.assets)
      const slugs = new Map(job.authorSlugs)
      for (const author of job.authors) writer.write(outputPath(routes.author(author.slug)), authorPage(site, author, { slugs }))
      return { result: { type: 'authors', pages: job.authors.length, ...written() }, transfer: [] }
    }
  }
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
  const site = createSiteContext(context.config, context.assets, { authorSlugs: new Map(job.authorSlugs), bibtexKeys })
  const venueYear: VenueYear<RenderedPaper> = { ...source, papers: source.papers.map(renderPaperReusing(job.earlier)) }
  let pages = 0
  for (const page of venueYearPages(site, venueYear)) {
    writer.write(page.path, page.content)
    pages++
  }
  for (const data of venueYearData(venueYear, site.href)) writer.write(data.path, data.content)
  const entries = venueYear.papers.map((paper) => bibtexEntry(paper, { key: bibtexKeys.get(paper.id) as string, venueName: venueYear.name }))
  writer.write(routes.venueYearBibtex(venueYear.venue, venueYear.year), bibtexFile(entries))
  for (const file of bibChunkFiles(venueYear.key, entries, context.bibChunkSize)) writer.write(file.path, file.content)
  const docsHash = createHash('sha256')
  for (const file of docChunkFiles(venueYear.key, venueYear.papers, context.docChunkSize, site.authorSlugs)) {
    writer.write(file.path, file.content)
    docsHash.update(file.content)
  }
  const postings = indexVenueYear(venueYear.papers)
  return {
    result: {
      type: 'venue-year',
      key: venueYear.key,
      pages,
      postings,
      docsHash: docsHash.digest('hex'),
      rendered: venueYear.papers.map(renderedFields),
      ...written(),
    },
    transfer: postingsTransfer(postings),
  }
}
