/** Everything a search page shows is determined by this state, which lives in the URL. */
export interface SearchState {
  /** The query as typed. */
  q: string
  /** Venue key filter (`nips`), or empty for all. */
  venue: string
  /** Year filter, or 0 for all. */
  year: number
  /** 1-based page of results. */
  page: number
}

export const emptyState: SearchState = { q: '', venue: '', year: 0, page: 1 }

/** Read the state from a query string (`?q=diffusion&venue=nips&year=2023&page=2`). */
export function parseState(search: string): SearchState {
  const params = new URLSearchParams(search)
  const year = Number(params.get('year'))
  const page = Number(params.get('page'))
  return {
    q: (params.get('q') ?? '').slice(0, 500),
    venue: /^[a-z0-9-]{1,40}$/.test(params.get('venue') ?? '') ? (params.get('venue') as string) : '',
    year: Number.isInteger(year) && year >= 1000 && year <= 9999 ? year : 0,
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  }
}

/** Write the state as a query string; defaults are left out, so links stay short. */
export function formatState(state: SearchState): string {
  const params = new URLSearchParams()
  if (state.q !== '') params.set('q', state.q)
  if (state.venue !== '') params.set('venue', state.venue)
  if (state.year !== 0) params.set('year', String(state.year))
  if (state.page !== 1) params.set('page', String(state.page))
  const query = params.toString()
  return query === '' ? '' : `?${query}`
}
