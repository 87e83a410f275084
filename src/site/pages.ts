import type { SiteContext } from '../../templates/context.ts'
import { homePage } from '../../templates/home.ts'
import { notFoundPage } from '../../templates/not-found.ts'
import { searchPage } from '../../templates/search.ts'
import type { PaperSummary, VenueYear } from '../paper.ts'
import { outputPath, routes } from './urls.ts'

/** A file of the built site: its path relative to the output folder and its content. */
export interface OutputFile {
  path: string
  content: string
}

/** Pages that span the whole site: the catalog, the search page, the 404 page. */
export function* globalPages(site: SiteContext, venueYears: readonly VenueYear<PaperSummary>[]): Generator<OutputFile> {
  yield { path: outputPath(routes.home()), content: homePage(site, venueYears) }
  yield { path: '404.html', content: notFoundPage(site) }
  yield { path: outputPath(routes.search()), content: searchPage(site, venueYears) }
}

/** Routes of every page a venue-year has, for the sitemap (no rendering needed). */
export function venueYearRoutes(venueYear: VenueYear<PaperSummary>, pageSize: number): string[] {
  const routesOf: string[] = []
  const pages = Math.max(1, Math.ceil(venueYear.papers.length / pageSize))
  for (let n = 1; n <= pages; n++) routesOf.push(routes.listing(venueYear.venue, venueYear.year, n))
  for (const paper of venueYear.papers) routesOf.push(routes.paper(paper))
  return routesOf
}
