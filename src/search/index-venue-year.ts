import { gzipSync } from 'node:zlib'
import type { RenderedPaper } from '../paper.ts'
import { routes } from '../site/urls.ts'
import type { DocChunk } from './index-format.ts'
import { processTerm, searchFields, tokenize } from './options.ts'

/**
 * The postings of one venue-year, in flat typed arrays so that they cross threads without
 * copying and stay compact in memory however large the catalog.
 */
export interface VenueYearPostings {
  /** Number of documents (papers). */
  count: number
  /** Distinct terms, sorted. */
  terms: string[]
  /** Term `i` has the entries `termEntries[i] … termEntries[i + 1] - 1`. */
  termEntries: Uint32Array
  /** Field of each entry. */
  entryField: Uint8Array
  /** Entry `e` has the postings `entryPostings[e] … entryPostings[e + 1] - 1`. */
  entryPostings: Uint32Array
  /** Document of each posting, counted from the venue-year's first paper. */
  docs: Uint32Array
  /** Term frequency of each posting. */
  tfs: Uint32Array
  /** Length of the posting's field in its document (distinct tokens, as MiniSearch counts). */
  lengths: Uint32Array
  /** Per document, the length of each field (`count × fields`), for the average field lengths. */
  fieldLengths: Uint32Array
}

/** What the index sees of a paper, field by field (in `searchFields` order). */
export function searchFieldsOf(paper: RenderedPaper): string[] {
  return [paper.titleText, paper.authors.join(', '), paper.abstractText]
}

// Most tokens are repeats of a small vocabulary: remember what each one becomes.
const processed = new Map<string, string | null>()
function processCached(token: string): string | null {
  let term = processed.get(token)
  if (term === undefined) {
    term = processTerm(token)
    if (processed.size > 500_000) processed.clear()
    processed.set(token, term)
  }
  return term
}

/** Tokenize one venue-year's papers the way MiniSearch would, into flat postings. */
export function indexVenueYear(papers: readonly RenderedPaper[]): VenueYearPostings {
  const fields = searchFields.length
  const byTerm = new Map<string, number[][]>()
  const fieldLengths = new Uint32Array(papers.length * fields)
  for (let doc = 0; doc < papers.length; doc++) {
    const values = searchFieldsOf(papers[doc] as RenderedPaper)
    for (let field = 0; field < fields; field++) {
      const tokens = tokenize(values[field] as string)
      const length = new Set(tokens).size
      fieldLengths[doc * fields + field] = length
      const counts = new Map<string, number>()
      for (const token of tokens) {
        const term = processCached(token)
        if (term !== null) counts.set(term, (counts.get(term) ?? 0) + 1)
      }
      for (const [term, tf] of counts) {
        let lists = byTerm.get(term)
        if (!lists) {
          lists = []
          byTerm.set(term, lists)
        }
        let list = lists[field]
        if (!list) {
          list = []
          lists[field] = list
        }
        list.push(doc, tf, length)
      }
    }
  }
  const terms = [...byTerm.keys()].sort()
  let entryCount = 0
  let postingCount = 0
  for (const lists of byTerm.values()) {
    for (const list of lists) {
      if (list) {
        entryCount++
        postingCount += list.length / 3
      }
    }
  }
  const termEntries = new Uint32Array(terms.length + 1)
  const entryField = new Uint8Array(entryCount)
  const entryPostings = new Uint32Array(entryCount + 1)
  const docs = new Uint32Array(postingCount)
  const tfs = new Uint32Array(postingCount)
  const lengths = new Uint32Array(postingCount)
  let e = 0
  let p = 0
  terms.forEach((term, t) => {
    termEntries[t] = e
    const lists = byTerm.get(term) as number[][]
    for (let field = 0; field < fields; field++) {
      const list = lists[field]
      if (!list) continue
      entryField[e] = field
      entryPostings[e] = p
      for (let i = 0; i < list.length; i += 3) {
        docs[p] = list[i] as number
        tfs[p] = list[i + 1] as number
        lengths[p] = list[i + 2] as number
        p++
      }
      e++
    }
  })
  termEntries[terms.length] = e
  entryPostings[e] = p
  return { count: papers.length, terms, termEntries, entryField, entryPostings, docs, tfs, lengths, fieldLengths }
}

/** The buffers to transfer rather than copy when postings cross to another thread. */
export function postingsTransfer(postings: VenueYearPostings): ArrayBuffer[] {
  return [postings.termEntries, postings.entryField, postings.entryPostings, postings.docs, postings.tfs, postings.lengths, postings.fieldLengths].map(
    (array) => array.buffer as ArrayBuffer,
  )
}

/** The venue-year's BibTeX entries in chunks (`search/bib/<venue-year>/<k>.json.gz`), for downloads of results. */
export function* bibChunkFiles(venueYearKey: string, entries: readonly string[], chunkSize: number): Generator<ChunkFile> {
  for (let k = 0; k * chunkSize < entries.length; k++) {
    yield { path: `search/bib/${venueYearKey}/${k}.json.gz`, json: JSON.stringify(entries.slice(k * chunkSize, (k + 1) * chunkSize)) }
  }
}

/** A document or BibTeX chunk before compression: its path and its JSON. */
export interface ChunkFile {
  path: string
  json: string
}

/** Chunks are small and fetched often: compressed as tightly as gzip goes. */
export function compressChunk(json: string): Uint8Array {
  return gzipSync(json, { level: 9 })
}

/** Paths of a venue-year's BibTeX chunks. */
export function bibChunkPaths(venueYearKey: string, count: number, chunkSize: number): string[] {
  const paths: string[] = []
  for (let k = 0; k * chunkSize < count; k++) paths.push(`search/bib/${venueYearKey}/${k}.json.gz`)
  return paths
}

/** Paths of a venue-year's document chunks. */
export function docChunkPaths(venueYearKey: string, count: number, chunkSize: number): string[] {
  const paths: string[] = []
  for (let k = 0; k * chunkSize < count; k++) paths.push(`search/docs/${venueYearKey}/${k}.json.gz`)
  return paths
}

/**
 * The venue-year's document chunks (`search/docs/<venue-year>/<k>.json.gz`): what a result
 * shows, fetched only for the results on screen.
 */
export function* docChunkFiles(
  venueYearKey: string,
  papers: readonly RenderedPaper[],
  chunkSize: number,
  authorSlugs: ReadonlyMap<string, string>,
): Generator<ChunkFile> {
  for (let k = 0; k * chunkSize < papers.length; k++) {
    const chunk: DocChunk = papers.slice(k * chunkSize, (k + 1) * chunkSize).map((paper) => {
      const [title, authors, abstract] = searchFieldsOf(paper) as [string, string, string]
      return [routes.paper(paper), title, authors, abstract, paper.authors.map((name) => authorSlugs.get(name) ?? null)]
    })
    yield { path: `search/docs/${venueYearKey}/${k}.json.gz`, json: JSON.stringify(chunk) }
  }
}
