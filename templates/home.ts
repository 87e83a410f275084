import { html } from '../src/html.ts'
import type { PaperSummary, VenueYear } from '../src/paper.ts'
import { papersPerVenueYearChart } from '../src/reader/charts.ts'
import { routes } from '../src/site/urls.ts'
import { formatCount, plural, type SiteContext } from './context.ts'
import { layout } from './layout.ts'

/** The catalog: every venue and year with its paper count, newest first. */
export function homePage(site: SiteContext, venueYears: readonly VenueYear<PaperSummary>[]): string {
  const { href } = site
  const papers = venueYears.reduce((sum, vy) => sum + vy.papers.length, 0)
  const years = [...new Set(venueYears.map((vy) => vy.year))]
  const chart = papersPerVenueYearChart(venueYears)
  return layout(site, {
    title: site.config.title,
    route: routes.home(),
    description: `A catalog of ${formatCount(papers)} conference papers.`,
    main: html`<h1>Paper catalog</h1>
<p class="lead">${plural(papers, 'paper', 'papers')} from ${plural(venueYears.length, 'venue-year', 'venue-years')}.</p>
${venueYears.length > 0 ? html`<figure class="chart">${chart.svg}${chart.table}</figure>` : ''}
${years.map(
  (year) => html`<section class="year" aria-labelledby="y${year}">
<h2 id="y${year}">${year}</h2>
<ul class="venues">
${venueYears
  .filter((vy) => vy.year === year)
  .map(
    (vy) =>
      html`<li><a href="${href(routes.listing(vy.venue, vy.year))}">${vy.name} ${vy.year}</a> <span class="count">${plural(vy.papers.length, 'paper', 'papers')}</span> <a class="data" href="${href(routes.venueYearData(vy.venue, vy.year))}" aria-label="${vy.name} ${vy.year} data (JSON)">JSON</a> <a class="data" href="${href(routes.venueYearBibtex(vy.venue, vy.year))}" aria-label="${vy.name} ${vy.year} BibTeX" download>BibTeX</a></li>\n`,
  )}</ul>
</section>
`,
)}`,
  })
}
