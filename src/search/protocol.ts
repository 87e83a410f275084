import type { Segment } from './highlight.ts'
import type { FacetCount } from './query.ts'
import type { SearchState } from './url-state.ts'

/**
 * Page → worker: a search, the BibTeX of every result of a search, or `typing`: the box holds a
 * query that searches nothing yet (a first letter), so the worker only loads what the likely
 * next keystroke needs (and drops what earlier searches were still doing).
 */
export type WorkerRequest = { type: 'search' | 'bibtex' | 'typing'; id: number; indexUrl: string; state: SearchState }

/** A result, ready to show: text only, split into marked and unmarked runs. */
export interface ResultView {
  /** Route of the paper page, relative to the site root. */
  route: string
  title: Segment[]
  /** Each author's name, and the slug of their page. */
  authors: { name: Segment[]; slug: string | null }[]
  snippet: Segment[]
  venueYear: string
}

/** Worker → page. */
export type WorkerResponse =
  | {
      type: 'results'
      id: number
      state: SearchState
      /** False for first results that searched a word's own shard only; its complete results follow when typing pauses. */
      complete: boolean
      total: number
      venues: FacetCount<string>[]
      years: FacetCount<number>[]
      venueYears: { venue: string; name: string; year: number; count: number }[]
      hits: ResultView[]
      page: number
      pages: number
    }
  | { type: 'bibtex'; id: number; text: string; count: number; truncated: boolean }
  | { type: 'error'; id: number; message: string }
  /** A search overtaken by a newer one before it ran; never posted to the page. */
  | { type: 'superseded'; id: number }
