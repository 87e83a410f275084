import type { Config } from '../config.ts'
import type { Paper, VenueYear } from '../paper.ts'
import type { OutputFile } from './pages.ts'
import { routes } from './urls.ts'

/** The record as exported: the parsed fields, and where its page is. */
function exportPaper(paper: Paper, href: (route: string) => string) {
  return {
    id: paper.id,
    index: paper.index,
    title: paper.title,
    authors: paper.authors,
    url: paper.url,
    abstract: paper.abstract,
    page: href(routes.paper(paper)),
    source: paper.source,
  }
}

/** `data/catalog.json`: every venue-year with its count and where its pages and data are. */
export function catalogData(config: Config, venueYears: readonly VenueYear[], href: (route: string) => string): OutputFile {
  const catalog = {
    title: config.title,
    papers: venueYears.reduce((sum, vy) => sum + vy.papers.length, 0),
    venueYears: venueYears.map((vy) => ({
      id: vy.key,
      venue: vy.venue,
      name: vy.name,
      year: vy.year,
      count: vy.papers.length,
      url: href(routes.listing(vy.venue, vy.year)),
      data: href(routes.venueYearData(vy.venue, vy.year)),
    })),
  }
  return { path: routes.catalogData(), content: `${JSON.stringify(catalog, null, 2)}\n` }
}

/** `data/<venue>-<year>.json`: the venue-year's records in listing order. */
export function venueYearData(vy: VenueYear, href: (route: string) => string): OutputFile {
  const data = {
    id: vy.key,
    venue: vy.venue,
    name: vy.name,
    year: vy.year,
    count: vy.papers.length,
    papers: vy.papers.map((paper) => exportPaper(paper, href)),
  }
  return { path: routes.venueYearData(vy.venue, vy.year), content: `${JSON.stringify(data)}\n` }
}
