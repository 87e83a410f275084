import { type DocChunk, docChunkPath, type ManifestVenueYear, type SearchManifest, venueYearOf } from '../search/index-format.ts'
import { cached, fetchJson } from './fetch-json.ts'

/** What a result shows of a document: its venue-year and the chunk that holds it. */
export interface DocPlace {
  vy: ManifestVenueYear
  docs: DocChunk
  offset: number
}

/**
 * The document chunks of one index, each fetched once: for the results on screen, or ahead of
 * a keystroke for the page its query is guessed to show.
 */
export class DocChunks {
  private readonly chunks = new Map<string, Promise<DocChunk>>()
  /** The words of the guessed query, and how to stop the fetches started for it alone. */
  private guess: { words: string; stop: AbortController; pending: Set<string> } | undefined

  constructor(
    private readonly manifest: SearchManifest,
    private readonly indexUrl: string,
  ) {}

  private place(doc: number) {
    const vy = venueYearOf(this.manifest, doc)
    if (!vy) throw new Error(`document ${doc} is in no venue-year`)
    return { vy, ...docChunkPath(this.manifest, vy, doc) }
  }

  private load(path: string, signal?: AbortSignal): () => Promise<DocChunk> {
    return () => fetchJson<DocChunk>(`${this.indexUrl}${path}?g=${this.manifest.generation}`, signal)
  }

  async get(doc: number): Promise<DocPlace> {
    const { vy, path, offset } = this.place(doc)
    return { vy, docs: await cached(this.chunks, path, this.load(path)), offset }
  }

  /**
   * Start fetching the chunks of `docs`, the page a query with these words is guessed to show.
   * At the same priority as any: a wrong guess is stopped when the keystroke comes, and the
   * keystroke of a right one waits for these very fetches.
   */
  prefetch(words: string, docs: readonly number[]): void {
    const guess = { words, stop: new AbortController(), pending: new Set<string>() }
    this.guess = guess
    for (const doc of docs) {
      const { path } = this.place(doc)
      if (this.chunks.has(path)) continue
      guess.pending.add(path)
      cached(this.chunks, path, this.load(path, guess.stop.signal))
        .catch(() => {})
        .finally(() => guess.pending.delete(path))
    }
  }

  /**
   * A keystroke made a query with these words. Unless they are the guessed ones, the guess's
   * fetches stop, since they would hold the connections its own documents need; their entries
   * go at once, so that it never waits on an aborted fetch.
   */
  typed(words: string): void {
    if (!this.guess || this.guess.words === words) return
    this.guess.stop.abort()
    for (const path of this.guess.pending) this.chunks.delete(path)
    this.guess = undefined
  }
}
