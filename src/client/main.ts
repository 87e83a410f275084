import 'katex/dist/katex.min.css'
import './style.css'

// Progressive enhancement: every page works without this script.

const searchInput = document.querySelector<HTMLInputElement>('#site-search')

// `/` focuses the search box from anywhere but a text field.
document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || !searchInput) return
  const target = event.target as HTMLElement
  if (target.closest('input, textarea, select, [contenteditable="true"]')) return
  event.preventDefault()
  searchInput.focus()
  searchInput.select()
})

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
      },
      { base: page.dataset.base ?? '/', papers: Number(page.dataset.papers ?? 0), worker },
    )
  })
}
