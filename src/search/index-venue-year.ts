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

// Most tokens are repeats of a small vocabulary: each distinct token a thread has seen gets a
// number, and so does each term, so that counting them per field is array work, not a Map and a
// Set per field (which took a third of a venue-year's render).
const tokenNumbers = new Map<string, number>()
const termNumbers = new Map<string, number>()
const termNames: string[] = []
/** Term of each token number (-1: the token is no term, a stop word or a single letter). */
let tokenTerm = new Int32Array(1 << 16)
/** Per token and per term, the field (numbered across the call) in which it was last seen. */
let tokenSeen = new Uint32Array(1 << 16)
let termSeen = new Uint32Array(1 << 16)
/** Per term, its frequency in the current field. */
let termFrequency = new Uint32Array(1 << 16)
// Past this many tokens the numbering starts afresh (between calls only).
const maxTokens = 500_000

function grown<T extends Int32Array | Uint32Array>(array: T, size: number): T {
  if (size <= array.length) return array
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(size, array.length * 2))
  bigger.set(array)
  return bigger
}

function numberOfToken(token: string): number {
  let number = tokenNumbers.get(token)
  if (number === undefined) {
    number = tokenNumbers.size
    tokenNumbers.set(token, number)
    tokenTerm = grown(tokenTerm, number + 1)
    tokenSeen = grown(tokenSeen, number + 1)
    const term = processTerm(token)
    let termNumber = -1
    if (term !== null) {
      termNumber = termNumbers.get(term) ?? -1
      if (termNumber < 0) {
        termNumber = termNames.length
        termNumbers.set(term, termNumber)
        termNames.push(term)
        termSeen = grown(termSeen, termNumber + 1)
        termFrequency = grown(termFrequency, termNumber + 1)
      }
    }
    tokenTerm[number] = termNumber
  }
  return number
}

/** Postings as they are found: document by document, field by field. */
class FoundPostings {
  size = 0
  term = new Uint32Array(1 << 14)
  field = new Uint8Array(1 << 14)
  doc = new Uint32Array(1 << 14)
  tf = new Uint32Array(1 << 14)
  length = new Uint32Array(1 << 14)

  push(term: number, field: number, doc: number, tf: number, length: number): void {
    if (this.size === this.term.length) {
      const room = this.size * 2
      this.term = grown(this.term, room)
      this.doc = grown(this.doc, room)
      this.tf = grown(this.tf, room)
      this.length = grown(this.length, room)
      const fields = new Uint8Array(room)
      fields.set(this.field)
      this.field = fields
    }
    const i = this.size++
    this.term[i] = term
    this.field[i] = field
    this.doc[i] = doc
    this.tf[i] = tf
    this.length[i] = length
  }
}

/** Tokenize one venue-year's papers the way MiniSearch would, into flat postings. */
export function indexVenueYear(papers: readonly RenderedPaper[]): VenueYearPostings {
  if (tokenNumbers.size > maxTokens) {
    tokenNumbers.clear()
    termNumbers.clear()
    termNames.length = 0
  }
  // Fields are numbered from 1 across the call: a stamp of 0 was never seen in this call.
  tokenSeen.fill(0)
  termSeen.fill(0)
  const fields = searchFields.length
  const fieldLengths = new Uint32Array(papers.length * fields)
  const found = new FoundPostings()
  const inField: number[] = []
  let stamp = 0
  for (let doc = 0; doc < papers.length; doc++) {
    const values = searchFieldsOf(papers[doc] as RenderedPaper)
    for (let field = 0; field < fields; field++) {
      stamp++
      // MiniSearch counts a field's length in distinct tokens, stop words included.
      let length = 0
      inField.length = 0
      for (const token of tokenize(values[field] as string)) {
        const number = numberOfToken(token)
        if (tokenSeen[number] !== stamp) {
          tokenSeen[number] = stamp
          length++
        }
        const term = tokenTerm[number] as number
        if (term < 0) continue
        if (termSeen[term] !== stamp) {
          termSeen[term] = stamp
          termFrequency[term] = 0
          inField.push(term)
        }
        termFrequency[term]++
      }
      fieldLengths[doc * fields + field] = length
      for (const term of inField) found.push(term, field, doc, termFrequency[term] as number, length)
    }
  }
  // The venue-year's terms in sorted order, and each one's rank in it.
  const used: number[] = []
  for (let i = 0; i < found.size; i++) {
    const term = found.term[i] as number
    if (termSeen[term] !== 0xffffffff) {
      termSeen[term] = 0xffffffff
      used.push(term)
    }
  }
  // In UTF-16 code unit order, as `Array.prototype.sort` orders strings (and `<` compares them).
  used.sort((a, b) => {
    const nameA = termNames[a] as string
    const nameB = termNames[b] as string
    return nameA < nameB ? -1 : nameA > nameB ? 1 : 0
  })
  const terms = used.map((term) => termNames[term] as string)
  const rankOf = new Uint32Array(termNames.length)
  for (let r = 0; r < used.length; r++) rankOf[used[r] as number] = r
  // Postings are found in document order; a stable counting sort by (term rank, field) keeps it.
  const slots = terms.length * fields
  const slotStart = new Uint32Array(slots + 1)
  for (let i = 0; i < found.size; i++) slotStart[(rankOf[found.term[i] as number] as number) * fields + (found.field[i] as number) + 1]++
  for (let s = 0; s < slots; s++) slotStart[s + 1] += slotStart[s] as number
  const termEntries = new Uint32Array(terms.length + 1)
  let entryCount = 0
  for (let r = 0; r < terms.length; r++) {
    termEntries[r] = entryCount
    for (let field = 0; field < fields; field++) if (slotStart[r * fields + field + 1] !== slotStart[r * fields + field]) entryCount++
  }
  termEntries[terms.length] = entryCount
  const entryField = new Uint8Array(entryCount)
  const entryPostings = new Uint32Array(entryCount + 1)
  let e = 0
  for (let s = 0; s < slots; s++) {
    if (slotStart[s + 1] === slotStart[s]) continue
    entryField[e] = s % fields
    entryPostings[e++] = slotStart[s] as number
  }
  entryPostings[entryCount] = found.size
  const docs = new Uint32Array(found.size)
  const tfs = new Uint32Array(found.size)
  const lengths = new Uint32Array(found.size)
  const next = slotStart.subarray(0, slots)
  for (let i = 0; i < found.size; i++) {
    const slot = (rankOf[found.term[i] as number] as number) * fields + (found.field[i] as number)
    const p = next[slot] as number
    next[slot] = p + 1
    docs[p] = found.doc[i] as number
    tfs[p] = found.tf[i] as number
    lengths[p] = found.length[i] as number
  }
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

/**
 * Chunks are small and fetched often: compressed at gzip's highest level. For inputs of a few
 * kB the default hash table (memLevel 8) finds no more matches than a quarter of it does, and
 * costs its set-up on every call: over the 27,000-paper site's chunks, memLevel 6 took about a
 * third less time and gave the same document chunks byte for byte, BibTeX chunks 0.04 % larger.
 */
const chunkGzip = { level: 9, memLevel: 6 }

export function compressChunk(json: string): Uint8Array {
  return gzipSync(json, chunkGzip)
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
