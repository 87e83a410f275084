import { html, trustedHtml } from '../src/html.ts'
import type { RenderedPaper } from '../src/paper.ts'
import { bibtexEntry } from '../src/reader/bibtex.ts'
import { safeHttpUrl } from '../src/site/safe-url.ts'
import { routes } from '../src/site/urls.ts'
import type { SiteContext } from './context.ts'

/** Authors as a comma-separated list, each linked to their page, or a note when the listing has none. */
export function authorList(site: SiteContext, paper: RenderedPaper) {
  if (paper.authors.length === 0) return html`<p class="authors none">Authors not listed</p>`
  return html`<p class="authors">${paper.authors.map((name, i) => {
    const slug = site.authorSlugs.get(name)
    return html`${i > 0 ? ', ' : ''}${slug === undefined ? name : html`<a href="${site.href(routes.author(slug))}">${name}</a>`}`
  })}</p>`
}

/** The paper's BibTeX entry with a copy button (shown when scripts run), if it has a key. */
export function citeBlock(site: SiteContext, paper: RenderedPaper, venueName: string) {
  const key = site.bibtexKeys.get(paper.id)
  if (key === undefined) return ''
  return html`<section class="cite" aria-labelledby="cite">
<h2 id="cite">Cite</h2>
<pre class="bibtex" id="bibtex" tabindex="0"><code>${bibtexEntry(paper, { key, venueName })}</code></pre>
<p><button type="button" class="copy" data-copy="bibtex" hidden>Copy BibTeX</button> <a href="${site.href(routes.venueYearBibtex(paper.venue, paper.year))}" download>BibTeX of all ${venueName} ${paper.year} papers</a></p>
</section>`
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
