import type { Segment } from './highlight.ts'
import type { FacetCount } from './query.ts'
import type { SearchState } from './url-state.ts'

/** Page → worker. */
export type WorkerRequest = { type: 'search'; id: number; indexUrl: string; state: SearchState }

/** A result, ready to show: text only, split into marked and unmarked runs. */
export interface ResultView {
  /** Route of the paper page, relative to the site root. */
  route: string
  title: Segment[]
  authors: Segment[]
  snippet: Segment[]
  venueYear: string
}

/** Worker → page. */
export type WorkerResponse =
  | {
      type: 'results'
      id: number
      state: SearchState
      total: number
      venues: FacetCount<string>[]
      years: FacetCount<number>[]
      hits: ResultView[]
      page: number
      pages: number
    }
  | { type: 'error'; id: number; message: string }
