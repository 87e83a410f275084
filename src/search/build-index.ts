import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { RenderedPaper, VenueYear } from '../paper.ts'
import type { OutputFile } from '../site/pages.ts'
import { routes } from '../site/urls.ts'
import { type DocChunk, type FieldPostings, indexVersion, type SearchManifest, type Shard } from './index-format.ts'
import { processTerm, type SearchDocument, searchFields, tokenize } from './options.ts'

export interface IndexOptions {
  /** Target size of a shard's JSON before compression. */
  shardBytes: number
  /** Documents per document chunk. */
  docChunkSize: number
}

export const defaultIndexOptions: IndexOptions = { shardBytes: 48_000, docChunkSize: 4 }

/** A binary output file (already compressed). */
export interface BinaryFile {
  path: string
  content: Uint8Array
}

/** The document the index sees for a paper. */
export function searchDocument(paper: RenderedPaper, id: number): SearchDocument {
  return { id, title: paper.titleText, authors: paper.authors.join(', '), abstract: paper.abstractText }
}

/** Growing postings of one term in one field. */
interface Postings {
  docs: number[]
  tfs: number[]
  lengths: number[]
}

/**
 * Index every paper, numbered in site order (venue-year by venue-year), into the sharded
 * layout of index-format.ts. Tokens, term processing and field lengths follow MiniSearch
 * exactly (the round-trip test compares against MiniSearch's own index).
 */
export function buildSearchIndex(venueYears: readonly VenueYear<RenderedPaper>[], options: IndexOptions = defaultIndexOptions): (OutputFile | BinaryFile)[] {
  const terms = new Map<string, (Postings | undefined)[]>()
  const averageFieldLength = searchFields.map(() => 0)
  const chunks: DocChunk[] = []
  const manifestVenueYears: SearchManifest['venueYears'] = []
  let doc = 0
  let chunk: DocChunk = []

  for (const vy of venueYears) {
    manifestVenueYears.push({ key: vy.key, venue: vy.venue, name: vy.name, year: vy.year, start: doc, count: vy.papers.length })
    for (const paper of vy.papers) {
      const document = searchDocument(paper, doc)
      for (let fieldId = 0; fieldId < searchFields.length; fieldId++) {
        const tokens = tokenize(document[searchFields[fieldId] as keyof Omit<SearchDocument, 'id'>])
        const length = new Set(tokens).size
        // MiniSearch keeps a running average in document order; the same arithmetic gives the same float.
        averageFieldLength[fieldId] = ((averageFieldLength[fieldId] as number) * doc + length) / (doc + 1)
        const counts = new Map<string, number>()
        for (const token of tokens) {
          const term = processTerm(token)
          if (term) counts.set(term, (counts.get(term) ?? 0) + 1)
        }
        for (const [term, tf] of counts) {
          let byField = terms.get(term)
          if (!byField) {
            byField = []
            terms.set(term, byField)
          }
          let postings = byField[fieldId]
          if (!postings) {
            postings = { docs: [], tfs: [], lengths: [] }
            byField[fieldId] = postings
          }
          postings.docs.push(doc)
          postings.tfs.push(tf)
          postings.lengths.push(length)
        }
      }
      chunk.push([routes.paper(paper), document.title, document.authors, document.abstract])
      if (chunk.length === options.docChunkSize) {
        chunks.push(chunk)
        chunk = []
      }
      doc++
    }
  }
  if (chunk.length > 0) chunks.push(chunk)

  const sorted = [...terms.keys()].sort()
  const shards: Shard[] = []
  const shardStarts: string[] = []
  let current: Shard = []
  let size = 0
  for (const term of sorted) {
    const byField = terms.get(term) as (Postings | undefined)[]
    const entry: [string, ...FieldPostings[]] = [term]
    let postingsCount = 0
    byField.forEach((postings, fieldId) => {
      if (!postings) return
      const deltas = postings.docs.map((d, i) => d - (i === 0 ? 0 : (postings.docs[i - 1] as number)))
      entry.push([fieldId, deltas, postings.tfs, postings.lengths])
      postingsCount += postings.docs.length
    })
    const entrySize = term.length + postingsCount * 8
    if (current.length > 0 && size + entrySize > options.shardBytes) {
      shards.push(current)
      current = []
      size = 0
    }
    if (current.length === 0) shardStarts.push(term)
    current.push(entry)
    size += entrySize
  }
  if (current.length > 0 || shards.length === 0) {
    if (current.length === 0) shardStarts.push('')
    shards.push(current)
  }

  const files: (OutputFile | BinaryFile)[] = []
  const generation = createHash('sha256')
  const shardFiles = shards.map((shard) => {
    const content = gzipSync(JSON.stringify(shard), { level: 9 })
    const hash = createHash('sha256').update(content).digest('hex').slice(0, 12)
    generation.update(hash)
    const path = `shards/${hash}.json.gz`
    files.push({ path: `search/${path}`, content })
    return path
  })
  chunks.forEach((docs, i) => {
    const json = JSON.stringify(docs)
    generation.update(json)
    files.push({ path: `search/docs/${i}.json.gz`, content: gzipSync(json, { level: 9 }) })
  })
  const manifest: SearchManifest = {
    version: indexVersion,
    generation: generation.digest('hex').slice(0, 12),
    documentCount: doc,
    averageFieldLength,
    fields: [...searchFields],
    shardStarts,
    shardFiles,
    docChunkSize: options.docChunkSize,
    venueYears: manifestVenueYears,
  }
  files.push({ path: 'search/manifest.json', content: `${JSON.stringify(manifest)}\n` })
  return files
}
