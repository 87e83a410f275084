import { createHash } from 'node:crypto'
import type { Config } from '../config.ts'
import type { Paper, RenderedPaper, VenueYear } from '../paper.ts'
import type { Shard } from '../search/index-format.ts'
import { docChunkFiles, indexVenueYear, postingsTransfer, type VenueYearPostings } from '../search/index-venue-year.ts'
import { encodeShard } from '../search/merge-index.ts'
import { venueYearData } from '../site/data-export.ts'
import { venueYearPages } from '../site/pages.ts'
import { createSiteContext } from '../site/site-context.ts'
import type { SiteWriter } from './output.ts'
import { renderPaper } from './render-papers.ts'

/** What every job of one build shares (plain data: it is sent to worker threads). */
export interface JobContext {
  config: Config
  /** The front-end bundle's stylesheets and scripts. */
  assets: { css: string[]; js: string[] }
  /** Staging folder the site is written into. */
  root: string
  /** Documents per search document chunk. */
  docChunkSize: number
}

export type Job = { type: 'venue-year'; venueYear: VenueYear<Paper> } | { type: 'encode-shard'; shard: Shard }

export type JobResult =
  | { type: 'venue-year'; key: string; pages: number; files: number; bytes: number; postings: VenueYearPostings; docsHash: string }
  | { type: 'encode-shard'; name: string; content: Uint8Array }

/**
 * One venue-year, start to finish: render its markdown, write its listing pages, paper pages,
 * data file and search document chunks, and tokenize it for the index. Nothing of it needs to
 * stay in memory afterwards but the compact postings.
 */
export function runJob(context: JobContext, job: Job, writer: SiteWriter): { result: JobResult; transfer: ArrayBuffer[] } {
  if (job.type === 'encode-shard') {
    const { name, content } = encodeShard(job.shard)
    return { result: { type: 'encode-shard', name, content }, transfer: [content.buffer as ArrayBuffer] }
  }
  const site = createSiteContext(context.config, context.assets)
  const source = job.venueYear
  const venueYear: VenueYear<RenderedPaper> = { ...source, papers: source.papers.map(renderPaper) }
  const before = { files: writer.files, bytes: writer.bytes }
  let pages = 0
  for (const page of venueYearPages(site, venueYear)) {
    writer.write(page.path, page.content)
    pages++
  }
  const data = venueYearData(venueYear, site.href)
  writer.write(data.path, data.content)
  const docsHash = createHash('sha256')
  for (const file of docChunkFiles(venueYear.key, venueYear.papers, context.docChunkSize)) {
    writer.write(file.path, file.content)
    docsHash.update(file.content)
  }
  const postings = indexVenueYear(venueYear.papers)
  return {
    result: {
      type: 'venue-year',
      key: venueYear.key,
      pages,
      files: writer.files - before.files,
      bytes: writer.bytes - before.bytes,
      postings,
      docsHash: docsHash.digest('hex'),
    },
    transfer: postingsTransfer(postings),
  }
}
