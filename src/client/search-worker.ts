/// <reference lib="webworker" />
import type { SearchResult } from 'minisearch'
import { ShardedIndex } from '../search/engine.ts'
import { highlight, snippet } from '../search/highlight.ts'
import { type BibChunk, bibChunkPath, type DocChunk, type SearchManifest, type Shard, shardFile, venueYearOf } from '../search/index-format.ts'
import { likelyNextQuery } from '../search/predict.ts'
import type { ResultView, WorkerRequest, WorkerResponse } from '../search/protocol.ts'
import { isPartial, queryTerms, rankedDocuments, runQuery } from '../search/query.ts'
import type { SearchState } from '../search/url-state.ts'
import { DocChunks } from './doc-chunks.ts'
import { cached, fetchJson } from './fetch-json.ts'

// Loading and searching run here, off the main thread, so typing never stutters.
declare const self: DedicatedWorkerGlobalScope

let indexUrl = ''
let manifest: Promise<SearchManifest> | undefined
let index: { manifest: SearchManifest; shards: ShardedIndex; docs: DocChunks } | undefined
const bibChunks = new Map<string, Promise<BibChunk>>()
let latest = 0
/**
 * A pause in typing this long fetches what the first results of a wide prefix or a common
 * term left out. At 250,000 papers that can be a 400 kB tail; with 200 ms, a keystroke that a
 * busy page delivered late (Chromium dispatched some 240–360 ms apart while typing at 80 ms a
 * key) fetched tails in the middle of a word.
 */
const completeAfterMs = 400

function indexOf(m: SearchManifest): { shards: ShardedIndex; docs: DocChunks } {
  if (index?.manifest !== m)
    index = { manifest: m, shards: new ShardedIndex(m, (i) => fetchJson<Shard>(indexUrl + shardFile(m, i))), docs: new DocChunks(m, indexUrl) }
  return index
}

function manifestFor(url: string): Promise<SearchManifest> {
  if (url !== indexUrl || !manifest) {
    indexUrl = url
    manifest = fetchJson<SearchManifest>(`${indexUrl}manifest.json`)
    index = undefined
    bibChunks.clear()
  }
  return manifest
}

/**
 * Answer a search: with the first results, then (when they may miss matches: a word's prefix
 * range was too wide for them, or a term's tail was left out) with the complete results once
 * typing pauses. Nothing is posted once typing moved on.
 */
async function search(request: WorkerRequest): Promise<void> {
  const m = await manifestFor(request.indexUrl)
  const { shards } = indexOf(m)
  const wanted = () => request.id === latest
  const partial = isPartial(m, request.state.q)
  const first = await shards.search(request.state.q, 'first', wanted)
  if (!first) return
  const shown = await present(m, request, first, !partial)
  if (!wanted()) return
  self.postMessage(shown)
  const shownAt = performance.now()
  await prefetchNext(m, request).catch(ignoreGuessError)
  if (!partial) return
  await new Promise((done) => setTimeout(done, Math.max(0, shownAt + completeAfterMs - performance.now())))
  if (!wanted()) return
  const complete = await shards.search(request.state.q, 'complete', wanted)
  if (!complete) return
  const completeShown = await present(m, request, complete, true)
  if (wanted()) self.postMessage(completeShown)
}

/** One page of results, with the documents it shows. */
async function present(m: SearchManifest, request: WorkerRequest, results: SearchResult[], complete: boolean): Promise<WorkerResponse> {
  // Typing moved on while the shards loaded: this answer would never be shown.
  if (request.id !== latest) return { type: 'superseded', id: request.id }
  const outcome = rankedPage(m, results, request.state)
  const hits = await Promise.all(
    outcome.hits.map(async (hit): Promise<ResultView> => {
      const { vy, docs, offset } = await indexOf(m).docs.get(hit.id as number)
      const [route, title, authors, abstract, slugs] = docs[offset] as DocChunk[number]
      const terms = new Set([...hit.terms, ...queryTerms(request.state.q)])
      const names = authors === '' ? [] : authors.split(', ')
      return {
        route,
        title: highlight(title, terms),
        authors: names.map((name, i) => ({ name: highlight(name, terms), slug: slugs[i] ?? null })),
        snippet: snippet(abstract, terms),
        venueYear: `${vy.name} ${vy.year}`,
      }
    }),
  )
  return { type: 'results', id: request.id, state: request.state, complete, ...outcome, hits }
}

/** Facets and page of results, computed once per search results and state (a prefetch computes those of the next keystroke). */
const pages = new WeakMap<SearchResult[], Map<string, ReturnType<typeof runQuery>>>()
function rankedPage(m: SearchManifest, results: SearchResult[], state: SearchState): ReturnType<typeof runQuery> {
  let byState = pages.get(results)
  if (!byState) {
    byState = new Map()
    pages.set(results, byState)
  }
  const key = `${state.venue}|${state.year}|${state.page}`
  let outcome = byState.get(key)
  if (!outcome) {
    outcome = runQuery(results, m, state)
    byState.set(key, outcome)
  }
  return outcome
}

/** Let a message that arrived meanwhile (a keystroke) run before more speculative work. */
const yieldToMessages = () => new Promise<void>((done) => setTimeout(done, 0))

/**
 * While typing, fetch what the likely next keystroke's first results need: the shards of its
 * last word and the documents of its page (or part of it, `likelyNextQuery`). Stops as soon as
 * a newer request arrives. Nothing is posted: the next keystroke finds the words searched, the
 * page ranked and the documents loaded.
 */
async function prefetchNext(m: SearchManifest, request: WorkerRequest): Promise<void> {
  const { shards, docs } = indexOf(m)
  const wanted = () => request.id === latest
  const next = likelyNextQuery(m, request.state.q, (shard) => shards.loadedTerms(shard))
  if (next === undefined) return
  const results = await shards.search(next.query, 'first', wanted)
  if (!results) return
  await yieldToMessages()
  if (!wanted()) return
  const { hits } = rankedPage(m, results, { ...request.state, q: next.query, page: 1 })
  docs.prefetch(
    wordsOf(next.query),
    hits.slice(0, next.documents).map((hit) => hit.id as number),
  )
}

/** Queries with the same words give the same results. */
const wordsOf = (q: string) => queryTerms(q).join(' ')

/** A guess that fails is no error: the keystroke that needs what it fetched fetches it again and reports. */
const ignoreGuessError = () => {}

/** Downloads stop here: a bibliography of more papers than this is not a search result any more. */
const maxBibtex = 2000

/** Every result of the search, as one BibTeX file. */
async function bibtex(request: WorkerRequest): Promise<WorkerResponse> {
  const m = await manifestFor(request.indexUrl)
  const ranked = rankedDocuments(await indexOf(m).shards.search(request.state.q, 'complete'), m, request.state)
  const docs = ranked.slice(0, maxBibtex)
  const entries = await Promise.all(
    docs.map(async (doc) => {
      const vy = venueYearOf(m, doc)
      if (!vy) throw new Error(`document ${doc} is in no venue-year`)
      const { path, offset } = bibChunkPath(m, vy, doc)
      const chunk = await cached(bibChunks, path, () => fetchJson<BibChunk>(`${request.indexUrl}${path}?g=${m.generation}`))
      return chunk[offset] as string
    }),
  )
  return { type: 'bibtex', id: request.id, text: entries.join('\n'), count: docs.length, truncated: ranked.length > docs.length }
}

self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data
  if (request.type !== 'bibtex') {
    latest = request.id
    index?.docs.typed(wordsOf(request.state.q))
  }
  const fail = (error: unknown) =>
    self.postMessage({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) } satisfies WorkerResponse)
  if (request.type === 'search') search(request).catch(fail)
  else if (request.type === 'typing')
    manifestFor(request.indexUrl)
      .then((m) => prefetchNext(m, request))
      .catch(ignoreGuessError)
  else bibtex(request).then((response) => self.postMessage(response), fail)
})
