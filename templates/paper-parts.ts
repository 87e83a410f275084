import { html, trustedHtml } from '../src/html.ts'
import type { RenderedPaper } from '../src/paper.ts'
import { safeHttpUrl } from '../src/site/safe-url.ts'

/** Authors as a comma-separated list, or a note when the listing has none. */
export function authorList(paper: RenderedPaper) {
  return paper.authors.length > 0 ? html`<p class="authors">${paper.authors.join(', ')}</p>` : html`<p class="authors none">Authors not listed</p>`
}

/** Link to the paper's original page; only http(s) URLs become links. */
export function originalLink(paper: RenderedPaper) {
  const url = safeHttpUrl(paper.url)
  if (!url) return paper.url === '' ? '' : html`<span class="url">${paper.url}</span>`
  return html`<a class="original" href="${url.href}" rel="noopener noreferrer">${url.host}</a>`
}

export function abstractBlock(paper: RenderedPaper) {
  return paper.abstractHtml === '' ? html`<p class="none">No abstract.</p>` : trustedHtml(paper.abstractHtml)
}
