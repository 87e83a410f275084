import { html, trustedHtml } from '../src/html.ts'
import type { RenderedPaper, VenueYear } from '../src/paper.ts'
import { paperAnchor, routes } from '../src/site/urls.ts'
import type { SiteContext } from './context.ts'
import { layout } from './layout.ts'
import { abstractBlock, authorList, citeBlock, originalLink } from './paper-parts.ts'

export interface PaperPageProps {
  paper: RenderedPaper
  venueYear: VenueYear<RenderedPaper>
  /** Listing page that holds the paper. */
  listingPage: number
  previous: RenderedPaper | undefined
  next: RenderedPaper | undefined
}

/** A paper's own page: the full record, Google Scholar meta tags, neighbours. */
export function paperPage(site: SiteContext, { paper, venueYear, listingPage, previous, next }: PaperPageProps): string {
  const { href } = site
  const heading = `${venueYear.name} ${venueYear.year}`
  const listing = href(routes.listing(paper.venue, paper.year, listingPage))
  return layout(site, {
    title: paper.titleText,
    route: routes.paper(paper),
    description: `${heading} paper by ${paper.authors.slice(0, 3).join(', ')}${paper.authors.length > 3 ? ' et al.' : ''}`,
    // No <link rel="prev"/"next"> in the head: the neighbour links below carry the rel, and a
    // second copy on every paper page was 2.2 MB of a 27,000-paper site.
    head: [
      html`<meta name="citation_title" content="${paper.titleText}">\n`,
      paper.authors.map((author) => html`<meta name="citation_author" content="${author}">\n`),
      html`<meta name="citation_publication_date" content="${paper.year}">\n`,
      html`<meta name="citation_conference_title" content="${venueYear.name}">\n`,
    ],
    main: html`<nav class="crumbs" aria-label="Breadcrumb"><a href="${href('')}">Catalog</a> › <a href="${href(routes.listing(paper.venue, paper.year))}">${heading}</a> › <a href="${listing}#${paperAnchor(paper)}">page ${listingPage}</a></nav>
<article class="paper-page">
<h1>${trustedHtml(paper.titleHtml)}</h1>
${authorList(site, paper)}
<p class="meta">${heading} · ${originalLink(paper)}</p>
<section class="abstract" aria-labelledby="abstract">
<h2 id="abstract">Abstract</h2>
${abstractBlock(paper)}
</section>
${citeBlock(site, paper, venueYear.name)}
</article>
<nav class="adjacent" aria-label="Adjacent papers">
${previous ? html`<a rel="prev" href="${href(routes.paper(previous))}"><span>← Previous</span> ${trustedHtml(previous.titleHtml)}</a>` : ''}
${next ? html`<a rel="next" href="${href(routes.paper(next))}"><span>Next →</span> ${trustedHtml(next.titleHtml)}</a>` : ''}
</nav>`,
  })
}
