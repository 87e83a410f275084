import type MiniSearch from 'minisearch'
import type { SearchOptions, SearchResult } from 'minisearch'
import type { SearchManifest, Shard } from './index-format.ts'
import type { SearchDocument } from './options.ts'
import type { TermWeights } from './predict.ts'
import { queryTerms, type Stage, shardsForTerm } from './query.ts'
import { shardInstance } from './shard-instance.ts'

/**
 * A query over the shards it needs, one MiniSearch instance per shard.
 *
 * Each shard is loaded into its own instance once (`shardInstance`, with the shared options),
 * and each query word is searched alone in the instances of its own shards. The words are then
 * combined the way MiniSearch combines the terms of one query: a word's scores over its shards
 * add up (a term lives in one shard, so this is MiniSearch's sum over exact, prefix and fuzzy
 * terms), words combine with AND (scores add, matched terms merge), and the final score is
 * multiplied by the number of distinct query words. A word's results are cached, so typing the
 * last word of a query searches only that word again, and only in the documents still matching.
 */

/** What one query word matched in a document: its score and the index terms matched in each field. */
type WordMatch = { score: number; match: Record<string, string[]> }
type WordMatches = Map<number, WordMatch>

/**
 * MiniSearch 7's matches of a query before `search` makes them result objects and sorts them:
 * a word's matches are merged over its shards and ranked once on the page, so both were spent
 * for nothing (a fifth of the time of a common prefix's first results, with the garbage left).
 * Keyed by short id, which a shard instance sets to the document number (`shardInstance`); the
 * engine tests compare every query with MiniSearch's own `search` over the whole index.
 */
interface RawQuery {
  executeQuery(query: string, options: SearchOptions): Map<number, WordMatch>
}

/** Single words, already processed: the instances must not split or fold them again. */
const wordSearch: SearchOptions = { tokenize: (word: string) => [word], processTerm: (word: string) => word }

/** Word results kept for retyping and for the next keystroke. */
const maxCachedWords = 256
const maxCachedQueries = 16

export interface ShardedIndexOptions {
  /** Override the shared search options for every word (tests compare without typo tolerance). */
  searchOptions?: SearchOptions
  /** Shard instances kept, least recently used dropped first (about 1.3 MB each on average). */
  keepShards?: number
}

export class ShardedIndex {
  private readonly instances = new Map<number, Promise<MiniSearch<SearchDocument>>>()
  /**
   * Searches for first results under way. Work for complete results (filling a tail's instance,
   * searching it) waits while there are any: it is what a paused query fetches, and a keystroke
   * that comes meanwhile must not queue behind it.
   */
  private firstSearches = 0
  /** Shards whose instance is being filled, and whether a search for first results waits for one. */
  private readonly filling = new Map<number, { urgent: boolean }>()
  /** The terms of each loaded shard among `instances`, and their postings: what the next keystroke is guessed from. */
  private readonly termWeights = new Map<number, TermWeights>()
  private readonly words = new Map<string, WordMatches>()
  /** Whole queries' results: the same words give the same array (a page ranked for it once is ranked). */
  private readonly queries = new Map<string, SearchResult[]>()
  private readonly wordOptions: SearchOptions
  private readonly keepShards: number

  constructor(
    private readonly manifest: SearchManifest,
    private readonly loadShard: (shard: number) => Promise<Shard>,
    options: ShardedIndexOptions = {},
  ) {
    this.wordOptions = { ...options.searchOptions, ...wordSearch }
    this.keepShards = options.keepShards ?? 64
  }

  /**
   * The instance of one shard, built once while it stays among the recently used. A failed load
   * is forgotten, so a later query retries.
   */
  private instance(shard: number, urgent: boolean): Promise<MiniSearch<SearchDocument>> {
    const known = touch(this.instances, shard)
    if (known) {
      const filling = this.filling.get(shard)
      if (filling && urgent) filling.urgent = true
      return known
    }
    const filling = { urgent }
    this.filling.set(shard, filling)
    const loading = this.loadShard(shard).then((data) => {
      // A tail's terms are its shard's too, with weights that already count the tail.
      const isTail = shard >= this.manifest.shardFiles.length
      if (!isTail && this.instances.get(shard) === loading) this.termWeights.set(shard, termWeightsOf(data))
      // Filled in one go once a search for first results waits for it; in slices until then.
      return shardInstance(this.manifest, data, () => (filling.urgent ? undefined : this.giveWay(() => filling.urgent)))
    })
    loading.then(
      () => this.filling.delete(shard),
      () => {
        this.filling.delete(shard)
        if (this.instances.get(shard) === loading) this.instances.delete(shard)
      },
    )
    const dropped = remember(this.instances, shard, loading, this.keepShards)
    if (dropped !== undefined) this.termWeights.delete(dropped)
    return loading
  }

  /**
   * Let messages (keystrokes) in, then wait while searches for first results are under way,
   * unless `urgent()` says one of them needs this work.
   */
  private async giveWay(urgent: () => boolean): Promise<void> {
    do await yieldToMessages()
    while (this.firstSearches > 0 && !urgent())
  }

  /** The terms of a shard and their postings, once it is loaded (undefined before, or after it was dropped). */
  loadedTerms(shard: number): TermWeights | undefined {
    return this.termWeights.get(shard)
  }

  /**
   * One word over its shards, from the cache when it was searched the same way before (`key`
   * names the word, its shards and the words before it). After the first word, only the
   * documents that matched the words before it are scored (`boostDocument` is 0 for the others,
   * which MiniSearch skips): their scores are the same, and a common word typed last costs what
   * the documents still in the running cost, not what all its postings do.
   */
  private async word(
    term: string,
    key: string,
    shards: number[],
    loaded: MiniSearch<SearchDocument>[] | undefined,
    stage: Stage,
    within?: Map<number, unknown>,
  ): Promise<WordMatches> {
    const known = touch(this.words, key)
    if (known) return known
    const instances = loaded ?? (await Promise.all(shards.map((shard) => this.instance(shard, stage === 'first'))))
    const options = within ? { ...this.wordOptions, boostDocument: (id: number) => (within.has(id) ? 1 : 0) } : this.wordOptions
    // Each query makes new matches: the first shard's are added to, not copied.
    let matches: WordMatches | undefined
    for (const index of instances) {
      const found = (index as unknown as RawQuery).executeQuery(term, options)
      if (!matches) {
        matches = found
        continue
      }
      for (const [id, result] of found) {
        const existing = matches.get(id)
        if (existing) {
          existing.score += result.score
          Object.assign(existing.match, result.match)
        } else matches.set(id, result)
      }
    }
    matches ??= new Map()
    remember(this.words, key, matches, maxCachedWords)
    return matches
  }

  /**
   * Every document matching every word of `q`, as `MiniSearch.search` returns them (unsorted;
   * shared with later searches of the same words, so not to be changed):
   * at the `first` stage a word with a wide prefix range is searched in its own shard only.
   * Undefined when `wanted()` says, once the shards are loaded, that the answer is not wanted
   * any more (typing moved on): the words are then not searched.
   */
  search(q: string, stage: Stage): Promise<SearchResult[]>
  search(q: string, stage: Stage, wanted: () => boolean): Promise<SearchResult[] | undefined>
  async search(q: string, stage: Stage, wanted: () => boolean = () => true): Promise<SearchResult[] | undefined> {
    if (stage === 'complete') return this.searchAt(q, stage, wanted)
    this.firstSearches++
    try {
      return await this.searchAt(q, stage, wanted)
    } finally {
      this.firstSearches--
    }
  }

  private async searchAt(q: string, stage: Stage, wanted: () => boolean): Promise<SearchResult[] | undefined> {
    const terms = queryTerms(q)
    if (terms.length === 0) return []
    const shards = terms.map((term) => shardsForTerm(this.manifest, term, stage))
    const keys: string[] = []
    for (const [i, term] of terms.entries()) keys.push(`${keys[i - 1] ?? ''}|${term} ${(shards[i] as number[]).join(',')}`)
    const key = keys.at(-1) as string
    const known = touch(this.queries, key)
    if (known) return known
    // The shards of every word not in the cache, all at once (a cold query fetches them in
    // parallel); then the words in order.
    const loaded = await Promise.all(
      keys.map((key, i) => (this.words.has(key) ? undefined : Promise.all((shards[i] as number[]).map((shard) => this.instance(shard, stage === 'first'))))),
    )
    if (!wanted()) return undefined
    // Searching the tails of a common word scores tens of thousands of documents in one go:
    // at the complete stage each word not searched before waits for first results under way,
    // and is not searched at all once typing has moved on.
    const mayGoOn = async (i: number): Promise<boolean> => {
      if (stage === 'first' || this.words.has(keys[i] as string)) return true
      await this.giveWay(() => false)
      return wanted()
    }
    if (!(await mayGoOn(0))) return undefined
    // AND, as MiniSearch folds it: the running result keeps the documents the next word has
    // too, with their scores added. Cached word results are shared, never changed.
    const first = await this.word(terms[0] as string, keys[0] as string, shards[0] as number[], loaded[0], stage)
    let combined: Map<number, Running> | undefined
    for (let i = 1; i < terms.length; i++) {
      const term = terms[i] as string
      const running: Map<number, WordMatch> = combined ?? first
      if (running.size === 0) break
      if (!(await mayGoOn(i))) return undefined
      const word = await this.word(term, keys[i] as string, shards[i] as number[], loaded[i], stage, running)
      const next = new Map<number, Running>()
      for (const [id, hit] of word) {
        const existing = running.get(id)
        if (!existing) continue
        // Before the second word the running documents are the first word's: they matched it alone.
        const matched = combined ? (existing as Running).terms : [terms[0] as string]
        next.set(id, {
          score: existing.score + hit.score,
          terms: matched.includes(term) ? matched : [...matched, term],
          match: { ...existing.match, ...hit.match },
        })
      }
      combined = next
    }
    const results: SearchResult[] = []
    if (combined)
      for (const [id, { score, terms: matched, match }] of combined)
        results.push({ id, score: score * matched.length, terms: Object.keys(match), queryTerms: matched, match })
    else for (const [id, { score, match }] of first) results.push({ id, score, terms: Object.keys(match), queryTerms: [terms[0] as string], match })
    remember(this.queries, key, results, maxCachedQueries)
    return results
  }
}

/** A turn of the event loop: a message that arrived meanwhile (a keystroke) is handled first. */
const yieldToMessages = () => new Promise<void>((done) => setTimeout(done, 0))

// The caches above are Maps used least-recently-used first: a Map keeps its keys in insertion
// order, so the first key is the one used longest ago.

/** The entry under `key`, made the most recently used. */
function touch<K, V>(cache: Map<K, V>, key: K): V | undefined {
  const value = cache.get(key)
  if (value !== undefined) {
    cache.delete(key)
    cache.set(key, value)
  }
  return value
}

/** Add an entry as the most recently used; past `max` entries, drop the least recently used and return its key. */
function remember<K, V>(cache: Map<K, V>, key: K, value: V, max: number): K | undefined {
  cache.set(key, value)
  if (cache.size <= max) return undefined
  const oldest = cache.keys().next().value as K
  cache.delete(oldest)
  return oldest
}

function termWeightsOf(shard: Shard): TermWeights {
  const terms: string[] = []
  const weights: number[] = []
  for (const [term, ...postings] of shard) {
    terms.push(term)
    let weight = 0
    for (const field of postings) weight += field[4] ?? field[1].length
    weights.push(weight)
  }
  return { terms, weights }
}

/** A document still matching every word so far: its score, the query words it matched, and the index terms. */
type Running = { score: number; terms: string[]; match: Record<string, string[]> }
