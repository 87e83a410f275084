import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { gzip, gzipSync } from 'node:zlib'
import { type FieldPostings, indexVersion, type ManifestVenueYear, type SearchManifest, type Shard, tailFile } from './index-format.ts'
import type { VenueYearPostings } from './index-venue-year.ts'
import { defaultSearchOptions, searchFields } from './options.ts'

export interface ShardOptions {
  /** Target size of a shard's JSON before compression. */
  shardBytes: number
  /** Documents per document chunk. */
  docChunkSize: number
  /** Papers per BibTeX chunk. */
  bibChunkSize: number
  /**
   * A term with more than twice this many postings keeps about this many in its shard (the head:
   * the documents that rank highest for it) and the rest in the shard's tail file.
   */
  headPostings: number
}

export const defaultShardOptions: ShardOptions = { shardBytes: 48_000, docChunkSize: 2, bibChunkSize: 32, headPostings: 2_000 }

/** What a term's postings are scored against when a head is chosen: the whole catalog's figures. */
export interface ShardScoring {
  documentCount: number
  /** Per field, as in the manifest. */
  averageFieldLength: number[]
}

/** A venue-year as the index knows it: site order gives its first document number. */
export interface IndexedVenueYear {
  key: string
  venue: string
  name: string
  year: number
  postings: VenueYearPostings
}

/**
 * A shard as the merge hands it out: its terms, and their postings in flat typed arrays. It is
 * cheap to send to a worker, and the thread that merges a whole catalog's postings makes no
 * small arrays for its garbage collector (at 250,000 papers, those had doubled its heap).
 */
export interface PackedShard {
  terms: string[]
  /** Term `i` has the lists `termLists[i] … termLists[i + 1] - 1`, one per field it occurs in. */
  termLists: Uint32Array
  /** Field of each list. */
  listField: Uint32Array
  /** List `l` has the postings `listPostings[l] … listPostings[l + 1] - 1`. */
  listPostings: Uint32Array
  /** Per posting: its document number minus the previous one of its list (the first: itself). */
  deltas: Uint32Array
  tfs: Uint32Array
  lengths: Uint32Array
}

/** The shard file's form of a packed shard. */
export function unpackShard(packed: PackedShard): Shard {
  const { terms, termLists, listField, listPostings, deltas, tfs, lengths } = packed
  return terms.map((term, t) => {
    const entry: [string, ...FieldPostings[]] = [term]
    for (let l = termLists[t] as number; l < (termLists[t + 1] as number); l++) {
      const from = listPostings[l] as number
      const to = listPostings[l + 1] as number
      entry.push([listField[l] as number, Array.from(deltas.subarray(from, to)), Array.from(tfs.subarray(from, to)), Array.from(lengths.subarray(from, to))])
    }
    return entry
  })
}

/** The buffers of a packed shard, to move rather than copy it to a worker. */
export function shardTransfer(shard: PackedShard): ArrayBuffer[] {
  return [shard.termLists, shard.listField, shard.listPostings, shard.deltas, shard.tfs, shard.lengths].map((column) => column.buffer as ArrayBuffer)
}

/** A growable column of unsigned 32-bit integers, reused from shard to shard. */
class Column {
  private data = new Uint32Array(1024)
  length = 0

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2)
      grown.set(this.data)
      this.data = grown
    }
    this.data[this.length++] = value
  }

  /** The values so far, in an array of their own; the column starts again empty. */
  take(): Uint32Array {
    const values = this.data.slice(0, this.length)
    this.length = 0
    return values
  }
}

/**
 * Merge the venue-years' postings, in site order, into term-range shards. Each venue-year's
 * terms are already sorted, so a k-way merge visits every term once, in order, without ever
 * building one index of the whole catalog.
 */
export function* mergeShards(venueYears: readonly IndexedVenueYear[], options: ShardOptions): Generator<{ start: string; shard: PackedShard }> {
  const starts: number[] = []
  let total = 0
  for (const vy of venueYears) {
    starts.push(total)
    total += vy.postings.count
  }
  const cursors = venueYears.map(() => 0)
  const heap = new TermHeap(venueYears.map((vy) => vy.postings.terms))
  let terms: string[] = []
  const termLists = new Column()
  const listField = new Column()
  const listPostings = new Column()
  const deltas = new Column()
  const tfs = new Column()
  const lengths = new Column()
  let size = 0
  /** Whether the shard being filled has a term that will be cut into a head and a tail. */
  let hasSplit = false
  const take = (): { start: string; shard: PackedShard } => {
    termLists.push(listField.length)
    listPostings.push(deltas.length)
    const shard = {
      terms,
      termLists: termLists.take(),
      listField: listField.take(),
      listPostings: listPostings.take(),
      deltas: deltas.take(),
      tfs: tfs.take(),
      lengths: lengths.take(),
    }
    terms = []
    size = 0
    hasSplit = false
    return { start: shard.terms[0] as string, shard }
  }
  for (let term = heap.peek(); term !== undefined; term = heap.peek()) {
    const holders = heap.popAll(term)
    const entries = holders.map((v) => {
      const p = (venueYears[v] as IndexedVenueYear).postings
      const t = cursors[v] as number
      cursors[v] = t + 1
      return { p, offset: starts[v] as number, from: p.termEntries[t] as number, to: p.termEntries[t + 1] as number }
    })
    let postingCount = 0
    for (const { p, from, to } of entries) postingCount += (p.entryPostings[to] as number) - (p.entryPostings[from] as number)
    // A term to be cut counts by its head; one such term per shard, since the worker that cuts
    // it holds all its postings (tens of thousands for the commonest at 250,000 papers) at once.
    const split = isCut(postingCount, options)
    const entrySize = term.length + (split ? options.headPostings : postingCount) * 8
    if (terms.length > 0 && (size + entrySize > options.shardBytes || (split && hasSplit))) yield take()
    hasSplit ||= split
    terms.push(term)
    termLists.push(listField.length)
    // Field by field, each field's postings across the venue-years in site order: ascending documents.
    for (let field = 0; field < searchFields.length; field++) {
      const first = deltas.length
      let previous = 0
      for (const { p, offset, from, to } of entries) {
        for (let e = from; e < to; e++) {
          if (p.entryField[e] !== field) continue
          for (let i = p.entryPostings[e] as number; i < (p.entryPostings[e + 1] as number); i++) {
            const doc = offset + (p.docs[i] as number)
            deltas.push(doc - previous)
            previous = doc
            tfs.push(p.tfs[i] as number)
            lengths.push(p.lengths[i] as number)
          }
        }
      }
      if (deltas.length > first) {
        listField.push(field)
        listPostings.push(first)
      }
    }
    size += entrySize
  }
  if (terms.length > 0) yield take()
}

/** Whether a term with this many postings is cut into a head and a tail. */
const isCut = (postings: number, options: Pick<ShardOptions, 'headPostings'>): boolean => postings > 2 * options.headPostings

/**
 * A shard's JSON, its tail's when a term of it has one, and its file name, from a hash of both (an
 * unchanged shard keeps its name; the tail's name is the shard's, see `shardFiles`).
 */
export function shardJson(
  shard: PackedShard,
  scoring: ShardScoring,
  options: Pick<ShardOptions, 'headPostings'>,
): { json: string; tail: string | undefined; name: string } {
  const heads: Shard = []
  const tails: Shard = []
  for (const entry of unpackShard(shard)) {
    let postings = 0
    for (const list of entry.slice(1) as FieldPostings[]) postings += list[1].length
    if (isCut(postings, options)) {
      const [head, tail] = splitTerm(entry, scoring, options.headPostings)
      heads.push(head)
      tails.push(tail)
    } else heads.push(entry)
  }
  const json = JSON.stringify(heads)
  const tail = tails.length > 0 ? JSON.stringify(tails) : undefined
  const hash = createHash('sha256').update(json)
  if (tail !== undefined) hash.update('\0').update(tail)
  return { json, tail, name: `shards/${hash.digest('hex').slice(0, 12)}.json.gz` }
}

/** MiniSearch's BM25 parameters: its defaults, which the search options keep. */
const bm25 = { k: 1.2, b: 0.7, d: 0.5 }
const titleField = searchFields.indexOf('title')

/**
 * A common term's postings cut in two. The head holds the documents that rank highest for the
 * term alone, as results are ranked (title matches first, then by score: MiniSearch's BM25 with the
 * search options' field boosts; then in site order), until it has `headPostings` postings; the
 * tail holds the rest. Every list of both keeps the term's document frequency in its field, so
 * each scores as the whole list would.
 *
 * At 250,000 papers about 1,550 terms are cut, the commonest in some 65,000 documents: they are
 * merged field by field into typed arrays and only those at or above the head's threshold are
 * sorted (sorting every document through maps made the index phase about 8 s longer).
 */
function splitTerm(entry: Shard[number], scoring: ShardScoring, headPostings: number): [Shard[number], Shard[number]] {
  const [term, ...lists] = entry
  let total = 0
  for (const list of lists) total += list[1].length
  // Each document once, in order: its rank key (a title match above any score) and its postings.
  const docs = new Uint32Array(total)
  const keys = new Float64Array(total)
  const counts = new Uint8Array(total)
  // Per list: BM25's constant parts for its field, and the posting it is at and that posting's document.
  const boosts: Record<string, number> = defaultSearchOptions.boost ?? {}
  const n = scoring.documentCount
  const weights = lists.map(([field, deltas]) => {
    const df = deltas.length
    return (boosts[searchFields[field] as string] ?? 1) * Math.log(1 + (n - df + 0.5) / (df + 0.5))
  })
  const averages = lists.map(([field]) => scoring.averageFieldLength[field] as number)
  const at = new Array<number>(lists.length).fill(0)
  const docOf = lists.map((list) => list[1][0] as number)
  let found = 0
  for (;;) {
    let next = -1
    for (let l = 0; l < lists.length; l++) {
      if ((at[l] as number) < (lists[l] as FieldPostings)[1].length && (next < 0 || (docOf[l] as number) < (docOf[next] as number))) next = l
    }
    if (next < 0) break
    const doc = docOf[next] as number
    docs[found] = doc
    const d = found++
    // Every list at this document adds its field's score.
    for (let l = 0; l < lists.length; l++) {
      const [field, deltas, tfs, lengths] = lists[l] as FieldPostings
      const i = at[l] as number
      if (i >= deltas.length || docOf[l] !== doc) continue
      const tf = tfs[i] as number
      const norm = 1 - bm25.b + (bm25.b * (lengths[i] as number)) / (averages[l] as number)
      keys[d] = (keys[d] as number) + (weights[l] as number) * (bm25.d + (tf * (bm25.k + 1)) / (tf + bm25.k * norm))
      if (field === titleField) keys[d] = (keys[d] as number) + titleRank
      counts[d] = (counts[d] as number) + 1
      at[l] = i + 1
      if (i + 1 < deltas.length) docOf[l] = (docOf[l] as number) + (deltas[i + 1] as number)
    }
  }
  // The head needs at most `headPostings` documents: those ranked at or above the one at that place.
  const threshold = kthLargest(keys.slice(0, found), Math.min(found, headPostings))
  const candidates: number[] = []
  for (let d = 0; d < found; d++) if ((keys[d] as number) >= threshold) candidates.push(d)
  candidates.sort((a, b) => (keys[b] as number) - (keys[a] as number) || a - b)
  const inHead = new Uint8Array(found)
  let taken = 0
  for (const d of candidates) {
    if (taken >= headPostings) break
    inHead[d] = 1
    taken += counts[d] as number
  }
  const headEntry: Shard[number] = [term]
  const tailEntry: Shard[number] = [term]
  for (const [field, deltas, tfs, lengths] of lists) {
    const head: FieldPostings = [field, [], [], [], deltas.length]
    const tail: FieldPostings = [field, [], [], [], deltas.length]
    let doc = 0
    let previousHead = 0
    let previousTail = 0
    let d = 0
    for (let i = 0; i < deltas.length; i++) {
      doc += deltas[i] as number
      while (docs[d] !== doc) d++
      const part = inHead[d] ? head : tail
      part[1].push(doc - (inHead[d] ? previousHead : previousTail))
      part[2].push(tfs[i] as number)
      part[3].push(lengths[i] as number)
      if (inHead[d]) previousHead = doc
      else previousTail = doc
    }
    if (head[1].length > 0) headEntry.push(head)
    if (tail[1].length > 0) tailEntry.push(tail)
  }
  return [headEntry, tailEntry]
}

/** Added to the rank key of a title match: above any BM25 score a term can have. */
const titleRank = 1e6

/** The `k`-th largest of `values` (1-based; `values` is reordered), by quickselect. */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0
  let hi = values.length - 1
  const target = k - 1
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] as number
    let i = lo
    let j = hi
    while (i <= j) {
      while ((values[i] as number) > pivot) i++
      while ((values[j] as number) < pivot) j--
      if (i <= j) {
        const t = values[i] as number
        values[i] = values[j] as number
        values[j] = t
        i++
        j--
      }
    }
    if (target <= j) hi = j
    else if (target >= i) lo = i
    else return values[target] as number
  }
  return values[target] as number
}

/** The files of a shard under `search/`: the shard's own, and its tail's when it has one. */
export function shardFiles({ json, tail, name }: ReturnType<typeof shardJson>): { path: string; json: string }[] {
  const files = [{ path: `search/${name}`, json }]
  if (tail !== undefined) files.push({ path: `search/${tailFile(name)}`, json: tail })
  return files
}

/** Level 5: over the corpus's shards, 0.8 % more bytes than level 6 in 70 % of the time. */
const shardGzip = { level: 5 }

export function compressShard(json: string): Uint8Array {
  return gzipSync(json, shardGzip)
}

const gzipAsync = promisify(gzip)

/** The same bytes as `compressShard`, compressed on libuv's thread pool instead of this thread. */
export function compressShardOffThread(json: string): Promise<Uint8Array> {
  return gzipAsync(json, shardGzip)
}

/** The figures a head is chosen by, for a catalog. */
export function shardScoring(venueYears: readonly IndexedVenueYear[]): ShardScoring {
  let documentCount = 0
  for (const vy of venueYears) documentCount += vy.postings.count
  return { documentCount, averageFieldLength: averageFieldLengths(venueYears) }
}

/** MiniSearch's average field lengths: a running mean in document order, the same float it gets. */
export function averageFieldLengths(venueYears: readonly IndexedVenueYear[]): number[] {
  const fields = searchFields.length
  const averages = new Array<number>(fields).fill(0)
  let doc = 0
  for (const vy of venueYears) {
    const lengths = vy.postings.fieldLengths
    for (let d = 0; d < vy.postings.count; d++, doc++) {
      for (let f = 0; f < fields; f++) averages[f] = ((averages[f] as number) * doc + (lengths[d * fields + f] as number)) / (doc + 1)
    }
  }
  return averages
}

/** The manifest, once the shards are written. */
export function searchManifest(
  venueYears: readonly IndexedVenueYear[],
  shards: readonly { start: string; name: string; tail: boolean }[],
  generation: string,
  options: ShardOptions,
  scoring: ShardScoring,
): SearchManifest {
  let start = 0
  const list: ManifestVenueYear[] = venueYears.map((vy) => {
    const entry = { key: vy.key, venue: vy.venue, name: vy.name, year: vy.year, start, count: vy.postings.count }
    start += vy.postings.count
    return entry
  })
  return {
    version: indexVersion,
    generation,
    documentCount: start,
    averageFieldLength: scoring.averageFieldLength,
    fields: [...searchFields],
    shardStarts: shards.length > 0 ? shards.map((s, i) => (i === 0 ? '' : s.start)) : [''],
    shardFiles: shards.map((s) => s.name),
    tailShards: shards.flatMap((s, i) => (s.tail ? [i] : [])),
    docChunkSize: options.docChunkSize,
    bibChunkSize: options.bibChunkSize,
    venueYears: list,
  }
}

/** A min-heap over the heads of several sorted term lists. */
class TermHeap {
  private readonly lists: string[][]
  private readonly positions: number[]
  private readonly heap: number[] = []

  constructor(lists: string[][]) {
    this.lists = lists
    this.positions = lists.map(() => 0)
    lists.forEach((list, i) => {
      if (list.length > 0) this.push(i)
    })
  }

  private head(i: number): string {
    return (this.lists[i] as string[])[this.positions[i] as number] as string
  }

  private less(a: number, b: number): boolean {
    const x = this.head(a)
    const y = this.head(b)
    return x < y || (x === y && a < b)
  }

  peek(): string | undefined {
    return this.heap.length > 0 ? this.head(this.heap[0] as number) : undefined
  }

  /** Remove every list whose head is `term`, advance them, and return their indices in order. */
  popAll(term: string): number[] {
    const found: number[] = []
    while (this.heap.length > 0 && this.head(this.heap[0] as number) === term) {
      const i = this.pop()
      found.push(i)
      this.positions[i] = (this.positions[i] as number) + 1
      if ((this.positions[i] as number) < (this.lists[i] as string[]).length) this.push(i)
    }
    return found.sort((a, b) => a - b)
  }

  private push(i: number): void {
    const heap = this.heap
    heap.push(i)
    let c = heap.length - 1
    while (c > 0) {
      const p = (c - 1) >> 1
      if (!this.less(heap[c] as number, heap[p] as number)) break
      ;[heap[c], heap[p]] = [heap[p] as number, heap[c] as number]
      c = p
    }
  }

  private pop(): number {
    const heap = this.heap
    const top = heap[0] as number
    const last = heap.pop() as number
    if (heap.length > 0) {
      heap[0] = last
      let p = 0
      for (;;) {
        const l = 2 * p + 1
        const r = l + 1
        let m = p
        if (l < heap.length && this.less(heap[l] as number, heap[m] as number)) m = l
        if (r < heap.length && this.less(heap[r] as number, heap[m] as number)) m = r
        if (m === p) break
        ;[heap[m], heap[p]] = [heap[p] as number, heap[m] as number]
        p = m
      }
    }
    return top
  }
}
