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

/** `data/catalog.json` and one `data/<venue>-<year>.json` per venue-year, records in listing order. */
export function* dataFiles(config: Config, venueYears: readonly VenueYear[], href: (route: string) => string): Generator<OutputFile> {
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
  yield { path: routes.catalogData(), content: `${JSON.stringify(catalog, null, 2)}\n` }
  for (const vy of venueYears) {
    const data = {
      id: vy.key,
      venue: vy.venue,
      name: vy.name,
      year: vy.year,
      count: vy.papers.length,
      papers: vy.papers.map((paper) => exportPaper(paper, href)),
    }
    yield { path: routes.venueYearData(vy.venue, vy.year), content: `${JSON.stringify(data)}\n` }
  }
}
