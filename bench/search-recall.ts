/**
 * Recall of the search index, checked in Node with the project's own search modules (those of the
 * tree that built the site): for each query, a `ShardedIndex` reads the shards it needs from the
 * built site and searches them, first and complete results, as the browser worker does (the
 * worker's code path minus `fetch`; a tree from before `ShardedIndex` is searched its own way:
 * `shardsForQuery`, `shardsToPlainObject`, `MiniSearch.loadJS`). Recall is that of the complete
 * results, which the page shows once typing pauses. Every
 * paper whose title (from the site's `data/<venue-year>.json`) contains every query word as a
 * word prefix must be among the results.
 *
 * Word prefix: after folding case and accents (NFKD, combining marks removed, lower case), the
 * query word occurs in the title at the start or right after a character that is not a letter
 * (`(^|[^\p{L}])word`): `graph` is expected in "Graph-Based", "Hyper-graphs" and "GraphSAGE",
 * not in "Hypergraph".
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gunzipSync } from 'node:zlib'
import type MiniSearchType from 'minisearch'
import type * as Engine from '../src/search/engine.ts'
import type * as IndexFormat from '../src/search/index-format.ts'
import type * as Options from '../src/search/options.ts'
import type * as Query from '../src/search/query.ts'

export interface QueryRecall {
  query: string
  /** Papers whose title holds every query word as a word prefix. */
  expected: number
  /** Of those, how many the search returned. */
  found: number
  /** Everything the search returns for the query (abstract and author matches, typo tolerance included). */
  total: number
  /** Shards the complete results load. */
  shards: number
  /** Shards the first results load (fewer when a word's prefix range is too wide for them). */
  firstShards: number
  /** Results and expected papers of the first results. */
  firstTotal: number
  firstFound: number
  /** A few expected papers the search missed: route and title. */
  missing: { route: string; title: string }[]
  /** Milliseconds to load the shards from disk and search, in Node. */
  ms: number
}

export interface RecallFigures {
  definition: string
  queries: QueryRecall[]
  /** Queries whose every expected paper was found. */
  complete: number
  expected: number
  found: number
  /** Result documents checked against the site's data: the document chunk's route equals the data file's page. */
  routeChecks: number
  routeMismatches: number
}

export const recallDefinition =
  'every paper whose title (data/<venue-year>.json) contains all query words as word prefixes — (^|non-letter)word after NFKD accent folding and lower-casing — must be in the full result set'

const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

interface DataFile {
  /** The records, or (for a large venue-year) `parts`: the files that hold them, in order. */
  papers?: { title: string; page: string }[]
  parts?: string[]
}

/** Search modules of the tree under test (it may differ from the checkout the bench runs from). */
async function loadModules(treeDir: string) {
  const load = <T>(path: string) => import(pathToFileURL(join(treeDir, path)).href) as Promise<T>
  const [format, options, query, minisearch] = await Promise.all([
    load<typeof IndexFormat>('src/search/index-format.ts'),
    load<typeof Options>('src/search/options.ts'),
    load<typeof Query>('src/search/query.ts'),
    import('minisearch'),
  ])
  // Trees from before the sharded engine have none; they are searched with their own API.
  const engine = await load<typeof Engine>('src/search/engine.ts').catch(() => null)
  return { format, options, query, engine, MiniSearch: minisearch.default as typeof MiniSearchType }
}

/** The query module of a tree from before `ShardedIndex`: one MiniSearch instance over the union of the shards. */
interface LegacyQuery {
  shardsForQuery(manifest: IndexFormat.SearchManifest, q: string): number[]
  runQuery(
    index: MiniSearchType<Options.SearchDocument>,
    manifest: IndexFormat.SearchManifest,
    state: { q: string; venue: string; year: number; page: number },
  ): { total: number }
}

export async function measureRecall(siteDir: string, treeDir: string, queries: readonly string[]): Promise<RecallFigures> {
  const { format, options, query: queryModule, engine, MiniSearch } = await loadModules(treeDir)
  const searchDir = join(siteDir, 'search')
  const manifest = JSON.parse(readFileSync(join(searchDir, 'manifest.json'), 'utf8')) as IndexFormat.SearchManifest
  const readGz = <T>(path: string) => JSON.parse(gunzipSync(readFileSync(join(searchDir, path))).toString('utf8')) as T

  // Titles and page routes of every paper, in document order (venue-years as the manifest lists them).
  const titles: string[] = []
  const rawTitles: string[] = []
  const routes: string[] = []
  for (const vy of manifest.venueYears) {
    const data = JSON.parse(readFileSync(join(siteDir, 'data', `${vy.key}.json`), 'utf8')) as DataFile
    const papers = data.parts
      ? data.parts.flatMap((part) => (JSON.parse(readFileSync(join(siteDir, part.replace(/^\/+/, '')), 'utf8')) as DataFile).papers ?? [])
      : (data.papers ?? [])
    if (papers.length !== vy.count) throw new Error(`data/${vy.key}.json has ${papers.length} papers, the manifest ${vy.count}`)
    for (const paper of papers) {
      titles.push(fold(paper.title))
      rawTitles.push(paper.title)
      routes.push(paper.page.replace(/^\//, ''))
    }
  }

  const chunkCache = new Map<string, IndexFormat.DocChunk>()
  let routeChecks = 0
  let routeMismatches = 0
  const results: QueryRecall[] = []
  for (const q of queries) {
    const started = performance.now()
    const state = { q, venue: '', year: 0, page: 1 }
    let needed: number[]
    let firstNeeded: number[]
    let found: Set<number>
    let first: Set<number>
    let total: number
    if (engine) {
      // A fresh index per query, as a fresh page has: the time includes reading its shards.
      // Trees from before tails number only shards.
      const fileOf = (i: number): string => (typeof format.shardFile === 'function' ? format.shardFile(manifest, i) : (manifest.shardFiles[i] as string))
      const index = new engine.ShardedIndex(manifest, async (i) => readGz<IndexFormat.Shard>(fileOf(i)))
      needed = queryModule.shardsForQuery(manifest, q, 'complete')
      firstNeeded = queryModule.shardsForQuery(manifest, q, 'first')
      const complete = await index.search(q, 'complete')
      found = new Set(complete.map((r) => r.id as number))
      first = new Set((await index.search(q, 'first')).map((r) => r.id as number))
      total = queryModule.runQuery(complete, manifest, state).total
    } else {
      const legacy = queryModule as unknown as LegacyQuery
      needed = legacy.shardsForQuery(manifest, q)
      firstNeeded = needed
      const shards = needed.map((i) => readGz<IndexFormat.Shard>(manifest.shardFiles[i] as string))
      const index = MiniSearch.loadJS(format.shardsToPlainObject(manifest, shards), options.miniSearchOptions)
      found = new Set(index.search(q).map((r) => r.id as number))
      first = found
      total = legacy.runQuery(index, manifest, state).total
    }
    const ms = performance.now() - started
    if (total !== found.size) throw new Error(`runQuery counts ${total} results for "${q}", the search ${found.size}`)
    // The document numbers are the data files' papers in order: check on the first results.
    for (const doc of [...found].slice(0, 20)) {
      const vy = format.venueYearOf(manifest, doc)
      if (!vy) throw new Error(`document ${doc} is in no venue-year`)
      const { path, offset } = format.docChunkPath(manifest, vy, doc)
      let chunk = chunkCache.get(path)
      if (!chunk) {
        chunk = readGz<IndexFormat.DocChunk>(path)
        chunkCache.set(path, chunk)
      }
      routeChecks++
      if (chunk[offset]?.[0] !== routes[doc]) routeMismatches++
    }
    const patterns = q
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => new RegExp(`(?:^|[^\\p{L}])${escapeRegExp(fold(word))}`, 'u'))
    let expected = 0
    let hit = 0
    let firstHit = 0
    const missing: QueryRecall['missing'] = []
    titles.forEach((title, doc) => {
      if (!patterns.every((p) => p.test(title))) return
      expected++
      if (found.has(doc)) hit++
      if (first.has(doc)) firstHit++
      else if (missing.length < 5) missing.push({ route: routes[doc] as string, title: rawTitles[doc] as string })
    })
    results.push({
      query: q,
      expected,
      found: hit,
      total: found.size,
      shards: needed.length,
      firstShards: firstNeeded.length,
      firstTotal: first.size,
      firstFound: firstHit,
      missing,
      ms,
    })
  }
  return {
    definition: recallDefinition,
    queries: results,
    complete: results.filter((r) => r.found === r.expected).length,
    expected: results.reduce((s, r) => s + r.expected, 0),
    found: results.reduce((s, r) => s + r.found, 0),
    routeChecks,
    routeMismatches,
  }
}
