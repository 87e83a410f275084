/// <reference lib="webworker" />
import MiniSearch from 'minisearch'
import { highlight, snippet } from '../search/highlight.ts'
import {
  type BibChunk,
  bibChunkPath,
  type DocChunk,
  docChunkPath,
  type SearchManifest,
  type Shard,
  shardsToPlainObject,
  venueYearOf,
} from '../search/index-format.ts'
import { miniSearchOptions, type SearchDocument } from '../search/options.ts'
import type { ResultView, WorkerRequest, WorkerResponse } from '../search/protocol.ts'
import { queryTerms, runQuery, shardsForQuery } from '../search/query.ts'

// Loading and searching run here, off the main thread, so typing never stutters.
declare const self: DedicatedWorkerGlobalScope

let indexUrl = ''
let manifest: Promise<SearchManifest> | undefined
const shards = new Map<number, Promise<Shard>>()
const chunks = new Map<string, Promise<DocChunk>>()
const bibChunks = new Map<string, Promise<BibChunk>>()
let engine: { key: string; index: MiniSearch<SearchDocument> } | undefined
let latest = 0

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

async function indexFor(m: SearchManifest, needed: number[]): Promise<MiniSearch<SearchDocument>> {
  const key = needed.join(',')
  if (engine?.key === key) return engine.index
  const loaded = await Promise.all(needed.map((i) => cached(shards, i, () => fetchJson<Shard>(indexUrl + m.shardFiles[i]))))
  const index = MiniSearch.loadJS(shardsToPlainObject(m, loaded), miniSearchOptions)
  engine = { key, index }
  return index
}

function manifestFor(url: string): Promise<SearchManifest> {
  if (url !== indexUrl || !manifest) {
    indexUrl = url
    manifest = fetchJson<SearchManifest>(`${indexUrl}manifest.json`)
    shards.clear()
    chunks.clear()
    bibChunks.clear()
    engine = undefined
  }
  return manifest
}

async function search(request: WorkerRequest): Promise<WorkerResponse> {
  const m = await manifestFor(request.indexUrl)
  const index = await indexFor(m, shardsForQuery(m, request.state.q))
  // Typing moved on while the shards loaded: this answer would never be shown.
  if (request.id !== latest) return { type: 'superseded', id: request.id }
  const outcome = runQuery(index, m, request.state)
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
  const { ranked: _, ...shown } = outcome
  return { type: 'results', id: request.id, state: request.state, ...shown, hits }
}

/** Downloads stop here: a bibliography of more papers than this is not a search result any more. */
const maxBibtex = 2000

/** Every result of the search, as one BibTeX file. */
async function bibtex(request: WorkerRequest): Promise<WorkerResponse> {
  const m = await manifestFor(request.indexUrl)
  const index = await indexFor(m, shardsForQuery(m, request.state.q))
  const { ranked } = runQuery(index, m, request.state)
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
  ;(request.type === 'bibtex' ? bibtex(request) : search(request)).then(
    (response) => {
      // A newer query supersedes this one: the page only wants the latest answer.
      if (response.type !== 'superseded' && (request.type === 'bibtex' || request.id === latest)) self.postMessage(response)
    },
    (error: unknown) =>
      self.postMessage({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) } satisfies WorkerResponse),
  )
})
