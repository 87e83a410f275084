import { resultsByVenueYearChartElements } from '../reader/chart-dom.ts'
import { formatCount } from '../reader/format-count.ts'
import type { Segment } from '../search/highlight.ts'
import type { ResultView, WorkerRequest, WorkerResponse } from '../search/protocol.ts'
import { type FacetCount, queryTerms, resultsPerPage } from '../search/query.ts'
import { formatState, parseState, type SearchState } from '../search/url-state.ts'

/** The elements of the search page that the search drives. */
export interface SearchElements {
  form: HTMLFormElement
  input: HTMLInputElement
  status: HTMLElement
  results: HTMLOListElement
  venues: HTMLElement
  years: HTMLElement
  pagination: HTMLElement
  /** Where the chart of results per venue-year goes. */
  chart: HTMLElement
  /** Button that downloads every result as BibTeX. */
  download: HTMLButtonElement
}

export interface SearchSetup {
  /** Site base path (`/` or `/papers/`). */
  base: string
  /** Total papers in the catalog, for the idle message. */
  papers: number
  worker: Worker
}

/** Typing that pauses this long puts its query in the URL. */
const typingPauseMs = 300

/**
 * Search as you type. The URL holds the whole state: typing replaces the history entry (once
 * it pauses), filters and pages push one, back and forward restore it.
 */
export function setupSearch(elements: SearchElements, setup: SearchSetup): void {
  const { form, input, status, results } = elements
  const indexUrl = `${setup.base}search/`
  let state = parseState(location.search)
  let nextId = 0

  // Typing replaces the URL once it pauses: each new URL costs the page a few milliseconds, and
  // Chromium asks for the favicon again, a request that would compete with the documents the
  // results of the keystroke wait for.
  let typedUrl: string | undefined
  let typedTimer: ReturnType<typeof setTimeout> | undefined
  const settleUrl = (keep: boolean) => {
    clearTimeout(typedTimer)
    if (keep && typedUrl !== undefined) window.history.replaceState(null, '', typedUrl)
    typedUrl = undefined
  }
  window.addEventListener('pagehide', () => settleUrl(true))

  // While typing, the chart of the results follows once typing pauses: drawing it (an SVG and a
  // table over every venue-year with results) took longer than the rest of a keystroke's results
  // on a slow machine (about 100 ms of main thread at 250,000 papers), and the next keystroke waited.
  let typing = false
  let chartTimer: ReturnType<typeof setTimeout> | undefined
  const showChart = (counts: ChartCounts) => {
    clearTimeout(chartTimer)
    if (typing) chartTimer = setTimeout(() => drawChart(elements.chart, counts), typingPauseMs)
    else drawChart(elements.chart, counts)
  }

  const run = (next: SearchState, history: 'push' | 'replace' | 'typing' | 'none') => {
    state = next
    typing = history === 'typing'
    const searches = queryTerms(state.q).length > 0
    // A query that searches nothing yet still tells the worker: it drops the earlier search and
    // loads what the next keystroke likely needs.
    const request: WorkerRequest = { type: searches ? 'search' : 'typing', id: ++nextId, indexUrl, state }
    setup.worker.postMessage(request)
    const url = `${location.pathname}${formatState(state)}`
    if (history === 'typing') {
      clearTimeout(typedTimer)
      typedUrl = url
      typedTimer = setTimeout(() => settleUrl(true), typingPauseMs)
    } else {
      // The entry left by a push keeps what was typed in it; back and forward land on their own URL.
      settleUrl(history === 'push')
      if (history === 'push') window.history.pushState(null, '', url)
      else if (history === 'replace') window.history.replaceState(null, '', url)
    }
    if (searches) status.textContent = 'Searching…'
    else showIdle()
  }

  const showIdle = () => {
    results.replaceChildren()
    clearTimeout(chartTimer)
    elements.chart.replaceChildren()
    elements.download.hidden = true
    elements.venues.replaceChildren()
    elements.years.replaceChildren()
    elements.pagination.replaceChildren()
    status.textContent =
      state.q.trim() === ''
        ? `Type to search ${formatCount(setup.papers)} papers by title, author or abstract.`
        : 'Keep typing: words of two letters or more, other than the commonest (“the”, “of”), are searched.'
    // The page did answer this keystroke: with the idle message.
    performance.mark('papershelf:results', { detail: { query: state.q, total: 0, complete: true } })
    results.dataset.query = ''
    results.dataset.complete = 'true'
  }

  // Downloads count down from -1, searches up from 1: an answer always says which it was for.
  let downloadId = 0
  setup.worker.addEventListener('message', (event: MessageEvent<WorkerResponse>) => {
    const response = event.data
    if (response.type === 'bibtex') {
      if (response.id === downloadId) saveBibtex(elements.download, response.text, state.q, response.count, response.truncated)
      return
    }
    if (response.type === 'error') {
      if (response.id === downloadId) {
        elements.download.disabled = false
        elements.download.textContent = `Download failed: ${response.message}`
      } else if (response.id === nextId) status.textContent = `Search failed: ${response.message}`
      return
    }
    if (response.id !== nextId || response.type === 'superseded') return
    render(elements, response, state, setup.base)
    showChart(response.venueYears)
  })
  elements.download.addEventListener('click', () => {
    if (state.q.trim() === '') return
    downloadId = downloadId - 1
    elements.download.disabled = true
    elements.download.textContent = 'Preparing BibTeX…'
    setup.worker.postMessage({ type: 'bibtex', id: downloadId, indexUrl, state } satisfies WorkerRequest)
  })

  // Whatever was typed before this script ran wins over the URL it was typed on.
  if (input.value !== '' && input.value !== state.q) state = { ...state, q: input.value, page: 1 }
  else input.value = state.q
  input.addEventListener('input', () => run({ ...state, q: input.value, page: 1 }, 'typing'))
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    run({ ...state, q: input.value, page: 1 }, 'push')
  })
  // Facet and page links are real links (shareable, open in a new tab); a plain click stays here.
  for (const container of [elements.venues, elements.years, elements.pagination]) {
    container.addEventListener('click', (event) => {
      const link = (event.target as Element).closest('a')
      if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
      event.preventDefault()
      run(parseState(new URL(link.href).search), 'push')
      if (container === elements.pagination) input.focus()
    })
  }
  window.addEventListener('popstate', () => {
    const next = parseState(location.search)
    input.value = next.q
    run(next, 'none')
  })
  setupResultKeys(input, results)
  run(state, 'replace')
}

function render(elements: SearchElements, response: Extract<WorkerResponse, { type: 'results' }>, state: SearchState, base: string): void {
  const { status, results } = elements
  const q = state.q.trim()
  // First results that are not complete may have missed every match: they are not "none".
  status.textContent =
    response.total === 0
      ? response.complete
        ? `No papers match “${q}”${state.venue || state.year ? ' with these filters' : ''}.`
        : `Searching every paper for “${q}”…`
      : `${formatCount(response.total)} ${response.total === 1 ? 'paper matches' : 'papers match'} “${q}”${response.pages > 1 ? ` · page ${response.page} of ${response.pages}` : ''}`
  results.replaceChildren(...response.hits.map((hit) => resultItem(hit, base)))
  results.start = (response.page - 1) * resultsPerPage + 1
  elements.venues.replaceChildren(facetList('Venue', response.venues, state, 'venue'))
  elements.years.replaceChildren(facetList('Year', response.years, state, 'year'))
  elements.pagination.replaceChildren(...pageLinks(state, response.page, response.pages))
  elements.download.hidden = response.total === 0
  elements.download.textContent = `Download BibTeX (${formatCount(response.total)} ${response.total === 1 ? 'paper' : 'papers'})`
  results.dataset.query = state.q
  results.dataset.complete = String(response.complete)
  // For benchmarks and tests: when the results for a query were on screen, and whether they were complete.
  performance.mark('papershelf:results', { detail: { query: state.q, total: response.total, complete: response.complete } })
}

function resultItem(hit: ResultView, base: string): HTMLLIElement {
  const item = document.createElement('li')
  item.className = 'result'
  const heading = document.createElement('h3')
  const link = document.createElement('a')
  link.href = base + hit.route
  link.append(segments(hit.title))
  heading.append(link)
  const authors = document.createElement('p')
  authors.className = 'authors'
  hit.authors.forEach((author, i) => {
    if (i > 0) authors.append(', ')
    if (author.slug === null) authors.append(segments(author.name))
    else {
      const page = document.createElement('a')
      page.href = `${base}authors/${author.slug}/`
      page.append(segments(author.name))
      authors.append(page)
    }
  })
  const meta = document.createElement('p')
  meta.className = 'meta'
  meta.textContent = hit.venueYear
  const snippet = document.createElement('p')
  snippet.className = 'snippet'
  snippet.append(segments(hit.snippet))
  item.append(heading, authors, meta, snippet)
  return item
}

/** How the results spread over venues and years, drawn with DOM calls (no markup parsing). */
type ChartCounts = { venue: string; name: string; year: number; count: number }[]

function drawChart(container: HTMLElement, counts: ChartCounts): void {
  if (counts.length === 0) {
    container.replaceChildren()
    return
  }
  const { svg, table } = resultsByVenueYearChartElements(counts, document)
  container.replaceChildren(svg, table)
}

/** Offer the BibTeX of the results as a file. */
function saveBibtex(button: HTMLButtonElement, text: string, q: string, count: number, truncated: boolean): void {
  const link = document.createElement('a')
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/x-bibtex;charset=utf-8' }))
  link.download = `${
    q
      .trim()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'results'
  }.bib`
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000)
  button.disabled = false
  button.textContent = truncated ? `Downloaded the first ${formatCount(count)} as BibTeX` : `Downloaded BibTeX (${formatCount(count)})`
}

/** Text runs as DOM text and `<mark>`: nothing from the index is ever parsed as HTML. */
function segments(list: Segment[]): DocumentFragment {
  const fragment = document.createDocumentFragment()
  for (const segment of list) {
    if (segment.mark) {
      const mark = document.createElement('mark')
      mark.textContent = segment.text
      fragment.append(mark)
    } else fragment.append(document.createTextNode(segment.text))
  }
  return fragment
}

function facetList<K extends string | number>(label: string, counts: FacetCount<K>[], state: SearchState, facet: 'venue' | 'year'): HTMLElement {
  const wrapper = document.createElement('div')
  const heading = document.createElement('h2')
  heading.textContent = label
  const list = document.createElement('ul')
  const active = facet === 'venue' ? state.venue : state.year
  const clear = { ...state, page: 1, [facet]: facet === 'venue' ? '' : 0 }
  const all = facetLink(`All ${facet === 'venue' ? 'venues' : 'years'}`, undefined, clear, active === '' || active === 0)
  list.append(all)
  for (const count of counts) {
    list.append(facetLink(count.label, count.count, { ...state, page: 1, [facet]: count.key }, active === count.key))
  }
  wrapper.append(heading, list)
  return wrapper
}

function facetLink(label: string, count: number | undefined, target: SearchState, current: boolean): HTMLLIElement {
  const item = document.createElement('li')
  const link = document.createElement('a')
  link.href = formatState(target) || '?'
  link.textContent = label
  if (count !== undefined) {
    const badge = document.createElement('span')
    badge.className = 'count'
    badge.textContent = ` ${formatCount(count)}`
    link.append(badge)
  }
  if (current) link.setAttribute('aria-current', 'true')
  item.append(link)
  return item
}

function pageLinks(state: SearchState, page: number, pages: number): HTMLElement[] {
  if (pages <= 1) return []
  const links: HTMLElement[] = []
  const add = (label: string, target: number, rel?: string) => {
    const link = document.createElement('a')
    link.href = formatState({ ...state, page: target })
    link.textContent = label
    if (rel) link.rel = rel
    links.push(link)
  }
  if (page > 1) add('← Previous', page - 1, 'prev')
  const info = document.createElement('span')
  info.textContent = `Page ${page} of ${pages}`
  links.push(info)
  if (page < pages) add('Next →', page + 1, 'next')
  return links
}

/** ↓ from the box goes to the first result; ↑/↓ move between results; ↑ from the first goes back. */
function setupResultKeys(input: HTMLInputElement, results: HTMLOListElement): void {
  const links = () => [...results.querySelectorAll<HTMLAnchorElement>('.result h3 a')]
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      const first = links()[0]
      if (first) {
        event.preventDefault()
        first.focus()
      }
    }
  })
  results.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
    const all = links()
    const index = all.indexOf(document.activeElement as HTMLAnchorElement)
    if (index < 0) return
    event.preventDefault()
    const next = event.key === 'ArrowDown' ? all[index + 1] : index === 0 ? input : all[index - 1]
    next?.focus()
  })
}
