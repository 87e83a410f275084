import { html } from '../src/html.ts'
import type { PaperSummary, VenueYear } from '../src/paper.ts'
import { routes } from '../src/site/urls.ts'
import { formatCount, type SiteContext } from './context.ts'
import { layout } from './layout.ts'

/**
 * The search page. Results are drawn by the front end from the URL (`?q=…`); without
 * JavaScript the page says so and offers the catalog instead.
 */
export function searchPage(site: SiteContext, venueYears: readonly VenueYear<PaperSummary>[]): string {
  const { href } = site
  const papers = venueYears.reduce((sum, vy) => sum + vy.papers.length, 0)
  return layout(site, {
    title: 'Search',
    route: routes.search(),
    description: `Search ${formatCount(papers)} papers by title, author or abstract.`,
    main: html`<div class="search-page" data-search-page data-base="${site.config.base}" data-papers="${papers}">
<h1>Search papers</h1>
<p id="search-status" class="lead" role="status" aria-live="polite">Search runs in your browser and needs JavaScript. Without it, browse the catalog below.</p>
<div class="search-layout">
<section class="search-results" aria-labelledby="results-heading">
<h2 id="results-heading" class="visually-hidden">Results</h2>
<p class="search-tools"><button type="button" id="search-bibtex" hidden>Download BibTeX</button></p>
<ol id="search-results" class="results"></ol>
<nav id="search-pages" class="pagination" aria-label="Result pages"></nav>
</section>
<aside class="facets" aria-label="Filters">
<div id="facet-venues"></div>
<div id="facet-years"></div>
<div id="search-chart" class="chart"></div>
</aside>
</div>
<noscript>
<ul class="venues">
${venueYears.map((vy) => html`<li><a href="${href(routes.listing(vy.venue, vy.year))}">${vy.name} ${vy.year}</a></li>\n`)}</ul>
</noscript>
</div>`,
  })
}
