import { html, trustedHtml } from '../src/html.ts'
import type { RenderedPaper, VenueYear } from '../src/paper.ts'
import { type Page, pageWindow } from '../src/site/paginate.ts'
import { paperAnchor, routes } from '../src/site/urls.ts'
import { formatCount, type SiteContext } from './context.ts'
import { layout } from './layout.ts'
import { abstractBlock, authorList, originalLink } from './paper-parts.ts'

/** One page of a venue-year: its papers with abstracts, and page navigation. */
export function listingPage(site: SiteContext, venueYear: VenueYear<RenderedPaper>, page: Page<RenderedPaper>): string {
  const { href } = site
  const { venue, year, name } = venueYear
  const pageHref = (n: number) => href(routes.listing(venue, year, n))
  const heading = `${name} ${year}`
  const range = `Papers ${formatCount(page.start)}–${formatCount(page.end)} of ${formatCount(page.count)}`
  return layout(site, {
    title: page.number === 1 ? heading : `${heading}, page ${page.number}`,
    route: routes.listing(venue, year, page.number),
    description: `${heading}: ${range}.`,
    head: [
      page.previous ? html`<link rel="prev" href="${pageHref(page.previous)}">\n` : '',
      page.next ? html`<link rel="next" href="${pageHref(page.next)}">\n` : '',
    ],
    main: html`<nav class="crumbs" aria-label="Breadcrumb"><a href="${href('')}">Catalog</a> › ${heading}</nav>
<h1>${heading}</h1>
<p class="lead">${range}${page.total > 1 ? ` · page ${page.number} of ${page.total}` : ''} · <a href="${href(routes.venueYearData(venue, year))}">data (JSON)</a> · <a href="${href(routes.venueYearBibtex(venue, year))}" download>BibTeX</a></p>
${pagination(page, pageHref, 'Pages')}
<ol class="papers" start="${page.start}">
${page.items.map(
  (paper) => html`<li class="paper" id="${paperAnchor(paper)}">
<h2><a href="${href(routes.paper(paper))}">${trustedHtml(paper.titleHtml)}</a></h2>
${authorList(site, paper)}
<div class="abstract">${abstractBlock(paper)}</div>
<p class="links">${originalLink(paper)}</p>
</li>
`,
)}</ol>
${pagination(page, pageHref, 'Pages, end of list')}`,
  })
}

/** Page navigation; shown above and below the list, so each copy needs its own landmark name. */
function pagination(page: Page<unknown>, pageHref: (n: number) => string, label: string) {
  if (page.total === 1) return ''
  return html`<nav class="pagination" aria-label="${label}">
${page.previous ? html`<a class="prev" rel="prev" href="${pageHref(page.previous)}">← Previous</a>` : html`<span class="prev" aria-hidden="true">← Previous</span>`}
<ol>
${pageWindow(page.number, page.total).map((n) =>
  n === null
    ? html`<li class="gap" aria-hidden="true">…</li>\n`
    : n === page.number
      ? html`<li><a href="${pageHref(n)}" aria-current="page" aria-label="Page ${n}, current">${n}</a></li>\n`
      : html`<li><a href="${pageHref(n)}" aria-label="${n === 1 ? 'First page, 1' : n === page.total ? `Last page, ${n}` : `Page ${n}`}">${n}</a></li>\n`,
)}</ol>
${page.next ? html`<a class="next" rel="next" href="${pageHref(page.next)}">Next →</a>` : html`<span class="next" aria-hidden="true">Next →</span>`}
</nav>`
}
