import type { SearchResult } from 'minisearch'
import { compareCodePoints } from '../reader/fold.ts'
import { type ManifestVenueYear, type SearchManifest, shardOf, shardsWithPrefix, tailsOf, venueYearOf } from './index-format.ts'
import { defaultSearchOptions, processTerm, tokenize } from './options.ts'
import { partitionPoint } from './sorted.ts'
import type { SearchState } from './url-state.ts'

export const resultsPerPage = 10
/** A prefix range wider than this is searched in the word's own shard only, for the first results. */
const maxPrefixShards = 2

/** The query's words as the index has them (stop words and single letters dropped). */
export function queryTerms(q: string): string[] {
  return tokenize(q)
    .map((token) => processTerm(token))
    .filter((term): term is string => term !== null)
}

/**
 * When a query's shards are fetched: `first` results come from a word's own shard when its prefix
 * range is wide (a short or common stem, typed on the way to a word: fetching every shard of it
 * would cost every keystroke), and from the heads of the most common terms (their best-scoring
 * postings); the `complete` results search each word's whole prefix range, tails included.
 */
export type Stage = 'first' | 'complete'

type ShardLayout = Pick<SearchManifest, 'shardStarts' | 'shardFiles' | 'tailShards'>

/** The shards one query word is searched in at a stage: its own shard, those of its prefix range, and at the complete stage their tails. */
export function shardsForTerm(manifest: ShardLayout, term: string, stage: Stage): number[] {
  const prefix = defaultSearchOptions.prefix
  const wantsPrefix = typeof prefix === 'function' ? prefix(term, 0, [term]) : prefix === true
  const range = wantsPrefix ? shardsWithPrefix(manifest, term) : [shardOf(manifest, term)]
  if (stage === 'complete') return [...range, ...tailsOf(manifest, range)]
  return range.length > maxPrefixShards ? [shardOf(manifest, term)] : range
}

/** Which shards a query needs at a stage, each once, in order. */
export function shardsForQuery(manifest: ShardLayout, q: string, stage: Stage): number[] {
  const needed = new Set<number>()
  for (const term of queryTerms(q)) for (const shard of shardsForTerm(manifest, term, stage)) needed.add(shard)
  return [...needed].sort((a, b) => a - b)
}

/** Whether the first results of a query may miss matches that its complete results have. */
export function isPartial(manifest: ShardLayout, q: string): boolean {
  return queryTerms(q).some((term) => shardsForTerm(manifest, term, 'first').length < shardsForTerm(manifest, term, 'complete').length)
}

export interface FacetCount<K> {
  key: K
  label: string
  count: number
}

export interface QueryOutcome {
  /** Matches after both filters. */
  total: number
  /** Counts by venue with the year filter applied, and by year with the venue filter applied. */
  venues: FacetCount<string>[]
  years: FacetCount<number>[]
  /** Matches per venue-year, before filters: how the topic grew. */
  venueYears: { venue: string; name: string; year: number; count: number }[]
  /** The requested page of ranked results. */
  hits: SearchResult[]
  page: number
  pages: number
}

/** How many of the query's words matched the title: papers matching in the title come first. */
function titleMatches(result: SearchResult): number {
  let n = 0
  for (const fields of Object.values(result.match)) if (fields.includes('title')) n++
  return n
}

interface Keyed {
  result: SearchResult
  title: number
}

/** Rank order (see `rankResults`). */
const byRank = (a: Keyed, b: Keyed) => b.title - a.title || b.result.score - a.result.score || (a.result.id as number) - (b.result.id as number)

/** Title matches above abstract-only matches, then by score, then in site order. */
export function rankResults(results: readonly SearchResult[]): SearchResult[] {
  return topRanked(results, results.length)
}

/** The first `k` results in rank order, without sorting them all when `k` is small. */
function topRanked(results: readonly SearchResult[], k: number): SearchResult[] {
  const keyed = results.map((result) => ({ result, title: titleMatches(result) }))
  if (k * 8 >= keyed.length)
    return keyed
      .sort(byRank)
      .slice(0, k)
      .map((entry) => entry.result)
  // The best k so far, in rank order: a result enters only if it beats the last of them.
  const best: Keyed[] = []
  for (const entry of keyed) {
    if (best.length === k && byRank(entry, best[k - 1] as Keyed) >= 0) continue
    best.splice(
      partitionPoint(best.length, (i) => byRank(best[i] as Keyed, entry) <= 0),
      0,
      entry,
    )
    if (best.length > k) best.pop()
  }
  return best.map((entry) => entry.result)
}

/** The results the filters keep, and the facet counts around them. */
function filterResults(all: readonly SearchResult[], manifest: Pick<SearchManifest, 'venueYears'>, state: SearchState) {
  const venueCounts = new Map<string, FacetCount<string>>()
  const yearCounts = new Map<number, FacetCount<number>>()
  const kept: SearchResult[] = []
  const byVenueYear = new Map<ManifestVenueYear, number>()
  for (const result of all) {
    const vy = venueYearOf(manifest, result.id as number) as ManifestVenueYear
    byVenueYear.set(vy, (byVenueYear.get(vy) ?? 0) + 1)
    const venueOk = state.venue === '' || vy.venue === state.venue
    const yearOk = state.year === 0 || vy.year === state.year
    if (yearOk) bump(venueCounts, vy.venue, vy.name)
    if (venueOk) bump(yearCounts, vy.year, String(vy.year))
    if (venueOk && yearOk) kept.push(result)
  }
  return { kept, venueCounts, yearCounts, byVenueYear }
}

/** Facets, ranking and the requested page of a query's results (`ShardedIndex.search`). */
export function runQuery(all: readonly SearchResult[], manifest: Pick<SearchManifest, 'venueYears'>, state: SearchState): QueryOutcome {
  const { kept, venueCounts, yearCounts, byVenueYear } = filterResults(all, manifest, state)
  const pages = Math.max(1, Math.ceil(kept.length / resultsPerPage))
  const page = Math.min(state.page, pages)
  return {
    total: kept.length,
    venues: [...venueCounts.values()].sort((a, b) => b.count - a.count || compareCodePoints(a.label, b.label)),
    years: [...yearCounts.values()].sort((a, b) => b.key - a.key),
    venueYears: [...byVenueYear].map(([vy, count]) => ({ venue: vy.venue, name: vy.name, year: vy.year, count })),
    hits: topRanked(kept, page * resultsPerPage).slice((page - 1) * resultsPerPage),
    page,
    pages,
  }
}

/** Every result the filters keep, ranked, as document numbers (for downloads). */
export function rankedDocuments(all: readonly SearchResult[], manifest: Pick<SearchManifest, 'venueYears'>, state: SearchState): number[] {
  return rankResults(filterResults(all, manifest, state).kept).map((result) => result.id as number)
}

function bump<K>(counts: Map<K, FacetCount<K>>, key: K, label: string): void {
  const entry = counts.get(key)
  if (entry) entry.count++
  else counts.set(key, { key, label, count: 1 })
}
