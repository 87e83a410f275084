import { createHash } from 'node:crypto'
import type { RenderedPaper, VenueYear } from '../paper.ts'
import type { OutputFile } from '../site/pages.ts'
import { compressChunk, docChunkFiles, indexVenueYear, searchFieldsOf } from './index-venue-year.ts'
import {
  compressShard,
  defaultShardOptions,
  type IndexedVenueYear,
  mergeShards,
  type ShardOptions,
  searchManifest,
  shardFiles,
  shardJson,
  shardScoring,
} from './merge-index.ts'
import type { SearchDocument } from './options.ts'

/** A binary output file (already compressed). */
export interface BinaryFile {
  path: string
  content: Uint8Array
}

/** The document MiniSearch itself would be given for a paper (for comparisons in tests). */
export function searchDocument(paper: RenderedPaper, id: number): SearchDocument {
  const [title, authors, abstract] = searchFieldsOf(paper) as [string, string, string]
  return { id, title, authors, abstract }
}

/**
 * The whole search index in one thread: every venue-year indexed, merged into shards, with
 * document chunks and the manifest. The build does the same work spread over worker threads.
 */
export function buildSearchIndex(venueYears: readonly VenueYear<RenderedPaper>[], options: ShardOptions = defaultShardOptions): (OutputFile | BinaryFile)[] {
  const files: (OutputFile | BinaryFile)[] = []
  const docsHash = createHash('sha256')
  const indexed: IndexedVenueYear[] = venueYears.map((vy) => {
    for (const { path, json } of docChunkFiles(vy.key, vy.papers, options.docChunkSize, new Map())) {
      docsHash.update(json)
      files.push({ path, content: compressChunk(json) })
    }
    return { key: vy.key, venue: vy.venue, name: vy.name, year: vy.year, postings: indexVenueYear(vy.papers) }
  })
  const scoring = shardScoring(indexed)
  const shards = [...mergeShards(indexed, options)].map(({ start, shard }) => {
    const encoded = shardJson(shard, scoring, options)
    for (const { path, json } of shardFiles(encoded)) files.push({ path, content: compressShard(json) })
    return { start, name: encoded.name, tail: encoded.tail !== undefined }
  })
  const generation = indexGeneration(
    shards.map((s) => s.name),
    [docsHash.digest('hex')],
  )
  files.push({ path: 'search/manifest.json', content: `${JSON.stringify(searchManifest(indexed, shards, generation, options, scoring))}\n` })
  return files
}

/** Changes whenever any shard or any document chunk changes. */
export function indexGeneration(shardNames: readonly string[], docHashes: readonly string[]): string {
  const hash = createHash('sha256')
  for (const name of shardNames) hash.update(name).update('\0')
  for (const docs of docHashes) hash.update(docs).update('\0')
  return hash.digest('hex').slice(0, 12)
}
