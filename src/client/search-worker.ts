/// <reference lib="webworker" />
import type { SearchResult } from 'minisearch'
import { ShardedIndex } from '../search/engine.ts'
import { highlight, snippet } from '../search/highlight.ts'
import { type BibChunk, bibChunkPath, type DocChunk, docChunkPath, type SearchManifest, type Shard, venueYearOf } from '../search/index-format.ts'
import type { ResultView, WorkerRequest, WorkerResponse } from '../search/protocol.ts'
import { isPartial, queryTerms, rankedDocuments, runQuery } from '../search/query.ts'

// Loading and searching run here, off the main thread, so typing never stutters.
declare const self: DedicatedWorkerGlobalScope

let indexUrl = ''
let manifest: Promise<SearchManifest> | undefined
let index: { manifest: SearchManifest; shards: ShardedIndex } | undefined
const chunks = new Map<string, Promise<DocChunk>>()
const bibChunks = new Map<string, Promise<BibChunk>>()
let latest = 0
/** A pause in typing this long fetches what the first results of a wide prefix left out. */
const completeAfterMs = 200

/** Fetch a JSON file that may be gzipped by us (or already decompressed by the server). */
async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`)
  const bytes = new Uint8Array(await response.arrayBuffer())
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))
    return JSON.parse(await new Response(stream).text()) as T
  }
  return JSON.parse(new TextDecoder().decode(bytes)) as T
}

function cached<K, T>(cache: Map<K, Promise<T>>, key: K, load: () => Promise<T>): Promise<T> {
  let entry = cache.get(key)
  if (!entry) {
    entry = load()
    entry.catch(() => cache.delete(key))
    cache.set(key, entry)
  }
  return entry
}

function shardsOf(m: SearchManifest): ShardedIndex {
  if (index?.manifest !== m) index = { manifest: m, shards: new ShardedIndex(m, (i) => fetchJson<Shard>(indexUrl + m.shardFiles[i])) }
  return index.shards
}

function manifestFor(url: string): Promise<SearchManifest> {
  if (url !== indexUrl || !manifest) {
    indexUrl = url
    manifest = fetchJson<SearchManifest>(`${indexUrl}manifest.json`)
    index = undefined
    chunks.clear()
    bibChunks.clear()
  }
  return manifest
}

/**
 * Answer a search: with the first results, then (when a word's prefix range was too wide for
 * them and typing pauses) with the complete results. Nothing is posted once typing moved on.
 */
async function search(request: WorkerRequest): Promise<void> {
  const m = await manifestFor(request.indexUrl)
  const shards = shardsOf(m)
  const wanted = () => request.id === latest
  const partial = isPartial(m, request.state.q)
  const first = await shards.search(request.state.q, 'first', wanted)
  if (!first) return
  const shown = await present(m, request, first, !partial)
  if (!wanted()) return
  self.postMessage(shown)
  if (!partial) return
  await new Promise((done) => setTimeout(done, completeAfterMs))
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
  const outcome = runQuery(results, m, request.state)
  const hits = await Promise.all(
    outcome.hits.map(async (hit): Promise<ResultView> => {
      const doc = hit.id as number
      const vy = venueYearOf(m, doc)
      if (!vy) throw new Error(`document ${doc} is in no venue-year`)
      const { path, offset } = docChunkPath(m, vy, doc)
      const docs = await cached(chunks, path, () => fetchJson<DocChunk>(`${indexUrl}${path}?g=${m.generation}`))
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

/** Downloads stop here: a bibliography of more papers than this is not a search result any more. */
const maxBibtex = 2000

/** Every result of the search, as one BibTeX file. */
async function bibtex(request: WorkerRequest): Promise<WorkerResponse> {
  const m = await manifestFor(request.indexUrl)
  const ranked = rankedDocuments(await shardsOf(m).search(request.state.q, 'complete'), m, request.state)
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
  if (request.type === 'search') latest = request.id
  const fail = (error: unknown) =>
    self.postMessage({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) } satisfies WorkerResponse)
  if (request.type === 'search') search(request).catch(fail)
  else bibtex(request).then((response) => self.postMessage(response), fail)
})
