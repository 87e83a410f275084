import type MiniSearch from 'minisearch'
import type { SearchResult } from 'minisearch'
import { type ManifestVenueYear, type SearchManifest, shardOf, shardsWithPrefix, venueYearOf } from './index-format.ts'
import { defaultSearchOptions, processTerm, type SearchDocument, tokenize } from './options.ts'
import type { SearchState } from './url-state.ts'

export const resultsPerPage = 10
/** A prefix that spans more shards than this is matched within the word's own shard only. */
const maxPrefixShards = 4

/** The query's words as the index has them (stop words and single letters dropped). */
export function queryTerms(q: string): string[] {
  return tokenize(q)
    .map((token) => processTerm(token))
    .filter((term): term is string => term !== null)
}

/** Which shards a query needs: the shard of each word, and of each word's prefix range. */
export function shardsForQuery(manifest: Pick<SearchManifest, 'shardStarts'>, q: string): number[] {
  const needed = new Set<number>()
  for (const term of queryTerms(q)) {
    const prefix = defaultSearchOptions.prefix
    const wantsPrefix = typeof prefix === 'function' ? prefix(term, 0, [term]) : prefix === true
    // A prefix spanning many shards (a short or common stem, typed on the way to a word) is
    // matched within the word's own shard: fetching them all would cost every keystroke.
    const range = wantsPrefix ? shardsWithPrefix(manifest, term) : [shardOf(manifest, term)]
    for (const shard of range.length > maxPrefixShards ? [shardOf(manifest, term)] : range) needed.add(shard)
  }
  return [...needed].sort((a, b) => a - b)
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
  /** Every kept result's document number, ranked (for downloads). */
  ranked: number[]
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

/** Title matches above abstract-only matches, then by score, then in site order. */
export function rankResults(results: SearchResult[]): SearchResult[] {
  const keyed = results.map((result) => ({ result, title: titleMatches(result) }))
  keyed.sort((a, b) => b.title - a.title || b.result.score - a.result.score || (a.result.id as number) - (b.result.id as number))
  return keyed.map((k) => k.result)
}

/** Run a search state against an index holding (at least) the shards the query needs. */
export function runQuery(index: MiniSearch<SearchDocument>, manifest: Pick<SearchManifest, 'venueYears'>, state: SearchState): QueryOutcome {
  const all = state.q.trim() === '' ? [] : index.search(state.q)
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
  const ranked = rankResults(kept)
  const pages = Math.max(1, Math.ceil(ranked.length / resultsPerPage))
  const page = Math.min(state.page, pages)
  return {
    total: ranked.length,
    venues: [...venueCounts.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
    years: [...yearCounts.values()].sort((a, b) => b.key - a.key),
    venueYears: [...byVenueYear].map(([vy, count]) => ({ venue: vy.venue, name: vy.name, year: vy.year, count })),
    ranked: ranked.map((result) => result.id as number),
    hits: ranked.slice((page - 1) * resultsPerPage, page * resultsPerPage),
    page,
    pages,
  }
}

function bump<K>(counts: Map<K, FacetCount<K>>, key: K, label: string): void {
  const entry = counts.get(key)
  if (entry) entry.count++
  else counts.set(key, { key, label, count: 1 })
}
