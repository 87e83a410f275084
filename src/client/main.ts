import 'katex/dist/katex.min.css'
import './style.css'
import { setupCopyButtons, setupShortcuts } from './shortcuts.ts'

// Progressive enhancement: every page works without this script.

const searchInput = document.querySelector<HTMLInputElement>('#site-search')
// Set here rather than in every page's markup: they matter only to the search-as-you-type
// that this script adds (the browser's history list would cover the results).
if (searchInput) {
  searchInput.autocomplete = 'off'
  searchInput.spellcheck = false
}

setupShortcuts(document, searchInput)
setupCopyButtons(document)

const page = document.querySelector<HTMLElement>('[data-search-page]')
if (page && searchInput) {
  const find = <T extends Element>(selector: string) => {
    const element = page.querySelector<T>(selector) ?? document.querySelector<T>(selector)
    if (!element) throw new Error(`search page is missing ${selector}`)
    return element
  }
  import('./search-ui.ts').then(({ setupSearch }) => {
    const worker = new Worker(new URL('./search-worker.ts', import.meta.url), { type: 'module' })
    setupSearch(
      {
        form: searchInput.form as HTMLFormElement,
        input: searchInput,
        status: find('#search-status'),
        results: find('#search-results'),
        venues: find('#facet-venues'),
        years: find('#facet-years'),
        pagination: find('#search-pages'),
        chart: find('#search-chart'),
        download: find('#search-bibtex'),
      },
      { base: page.dataset.base ?? '/', papers: Number(page.dataset.papers ?? 0), worker },
    )
  })
}
