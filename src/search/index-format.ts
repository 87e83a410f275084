import type { AsPlainObject } from 'minisearch'
import { searchFields } from './options.ts'
import { partitionPoint } from './sorted.ts'

/**
 * The search index as files: a small manifest, term shards and document chunks.
 *
 * Terms are sorted and cut into contiguous ranges (shards); a query fetches only the shards
 * its words fall in. Each posting carries the length of its field in that document, so a shard
 * is self-sufficient for BM25 and no per-document table has to be fetched before results.
 * Documents (title, authors, abstract for snippets) live in chunks fetched for the results shown.
 */

export const indexVersion = 2

/** `search/manifest.json`. */
export interface SearchManifest {
  version: typeof indexVersion
  /** Changes whenever any indexed content changes; appended to document chunk URLs. */
  generation: string
  documentCount: number
  /** Per field, as MiniSearch computes it over all documents. */
  averageFieldLength: number[]
  fields: string[]
  /** First term of each shard; shard `i` holds the terms in `[shardStarts[i], shardStarts[i + 1])`. */
  shardStarts: string[]
  /** File of each shard under `search/`, named by content hash. */
  shardFiles: string[]
  /**
   * Shards (ascending) whose most common terms keep only their highest-scoring postings, the
   * head, and leave the rest to a tail file beside the shard (`tailFile`): the first results of
   * such a term need only the head.
   */
  tailShards: number[]
  /** Documents per chunk; document `n` of venue-year `vy` is in `docs/<vy.key>/<floor((n - vy.start) / docChunkSize)>.json.gz`. */
  docChunkSize: number
  /** Papers per BibTeX chunk (`bib/<vy.key>/<k>.json.gz`), fetched only to download results as BibTeX. */
  bibChunkSize: number
  /** Venue-years in site order; their documents are numbered contiguously from `start`. */
  venueYears: ManifestVenueYear[]
}

export interface ManifestVenueYear {
  key: string
  venue: string
  name: string
  year: number
  start: number
  count: number
}

/**
 * Postings of one term in one field: document number deltas, term frequencies, field lengths,
 * and, when these are only the head or the tail of the term's postings, how many documents the
 * term has in that field over the whole index (BM25 weighs a term by it).
 */
export type FieldPostings = [fieldId: number, docDeltas: number[], termFrequencies: number[], fieldLengths: number[], documentFrequency?: number]

/** A shard file (gzipped JSON): terms in order, each with its postings per field. */
export type Shard = [term: string, ...postings: FieldPostings[]][]

/** The tail file of a shard file. */
export function tailFile(shardFile: string): string {
  return shardFile.replace(/\.json\.gz$/, '.tail.json.gz')
}

/**
 * The file of shard `i`. Numbers past the shards name the tails: `shardFiles.length + k` is the
 * tail of shard `tailShards[k]`.
 */
export function shardFile(manifest: Pick<SearchManifest, 'shardFiles' | 'tailShards'>, i: number): string {
  const shards = manifest.shardFiles.length
  if (i < shards) return manifest.shardFiles[i] as string
  const shard = manifest.tailShards[i - shards]
  if (shard === undefined) throw new Error(`no shard ${i}`)
  return tailFile(manifest.shardFiles[shard] as string)
}

/** The tails of some shards, as shard numbers (see `shardFile`). */
export function tailsOf(manifest: Pick<SearchManifest, 'shardFiles' | 'tailShards'>, shards: readonly number[]): number[] {
  const tails: number[] = []
  for (const shard of shards) {
    const k = partitionPoint(manifest.tailShards.length, (j) => (manifest.tailShards[j] as number) < shard)
    if (manifest.tailShards[k] === shard) tails.push(manifest.shardFiles.length + k)
  }
  return tails
}

/** Where document `doc` of venue-year `vy` is: its chunk file and its place in it. */
export function docChunkPath(manifest: Pick<SearchManifest, 'docChunkSize'>, vy: ManifestVenueYear, doc: number): { path: string; offset: number } {
  const local = doc - vy.start
  return { path: `docs/${vy.key}/${Math.floor(local / manifest.docChunkSize)}.json.gz`, offset: local % manifest.docChunkSize }
}

/** A document chunk file (gzipped JSON): per document, the page route, display fields and author page slugs. */
export type DocChunk = [route: string, title: string, authors: string, abstract: string, authorSlugs: (string | null)[]][]

/** A BibTeX chunk file (gzipped JSON): the entries of `bibChunkSize` consecutive papers of a venue-year. */
export type BibChunk = string[]

/** Where the BibTeX entry of document `doc` of venue-year `vy` is. */
export function bibChunkPath(manifest: Pick<SearchManifest, 'bibChunkSize'>, vy: ManifestVenueYear, doc: number): { path: string; offset: number } {
  const local = doc - vy.start
  return { path: `bib/${vy.key}/${Math.floor(local / manifest.bibChunkSize)}.json.gz`, offset: local % manifest.bibChunkSize }
}

/** Index of the shard that holds `term` (the last shard starting at or before it). */
export function shardOf(manifest: Pick<SearchManifest, 'shardStarts'>, term: string): number {
  const starts = manifest.shardStarts
  return Math.max(0, partitionPoint(starts.length, (i) => (starts[i] as string) <= term) - 1)
}

/** Shards holding any term that starts with `prefix`. */
export function shardsWithPrefix(manifest: Pick<SearchManifest, 'shardStarts'>, prefix: string): number[] {
  const first = shardOf(manifest, prefix)
  const shards = [first]
  for (let i = first + 1; i < manifest.shardStarts.length && (manifest.shardStarts[i] as string).startsWith(prefix); i++) shards.push(i)
  return shards
}

/** Venue-year of a document number. */
export function venueYearOf(manifest: Pick<SearchManifest, 'venueYears'>, doc: number): ManifestVenueYear | undefined {
  const list = manifest.venueYears
  let lo = 0
  let hi = list.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const vy = list[mid] as ManifestVenueYear
    if (doc < vy.start) hi = mid - 1
    else if (doc >= vy.start + vy.count) lo = mid + 1
    else return vy
  }
  return undefined
}

/**
 * Assemble loaded shards into the object `MiniSearch.loadJS` takes: the postings of their
 * terms, and the ids and field lengths of exactly the documents those postings name. A head's
 * or tail's document frequencies have no place there: MiniSearch would count its postings.
 */
export function shardsToPlainObject(manifest: SearchManifest, shards: readonly Shard[]): AsPlainObject {
  const index: AsPlainObject['index'] = []
  const documentIds: Record<string, number> = {}
  const fieldLength: Record<string, number[]> = {}
  for (const shard of shards) {
    for (const [term, ...postings] of shard) {
      const data: Record<string, Record<string, number>> = {}
      for (const [fieldId, deltas, tfs, lengths] of postings) {
        const entry: Record<string, number> = {}
        let doc = 0
        for (let i = 0; i < deltas.length; i++) {
          doc += deltas[i] as number
          entry[doc] = tfs[i] as number
          documentIds[doc] = doc
          let lengthsOfDoc = fieldLength[doc]
          if (!lengthsOfDoc) {
            lengthsOfDoc = new Array<number>(searchFields.length).fill(0)
            fieldLength[doc] = lengthsOfDoc
          }
          lengthsOfDoc[fieldId] = lengths[i] as number
        }
        data[fieldId] = entry
      }
      index.push([term, data])
    }
  }
  return {
    documentCount: manifest.documentCount,
    nextId: manifest.documentCount,
    documentIds,
    fieldIds: Object.fromEntries(manifest.fields.map((field, i) => [field, i])),
    fieldLength,
    averageFieldLength: manifest.averageFieldLength,
    storedFields: {},
    dirtCount: 0,
    index,
    serializationVersion: 2,
  }
}
