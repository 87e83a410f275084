import type { SiteContext } from '../../templates/context.ts'
import { homePage } from '../../templates/home.ts'
import { listingPage } from '../../templates/listing.ts'
import { notFoundPage } from '../../templates/not-found.ts'
import { paperPage } from '../../templates/paper.ts'
import { searchPage } from '../../templates/search.ts'
import type { RenderedPaper, VenueYear } from '../paper.ts'
import { paginate } from './paginate.ts'
import { outputPath, routes } from './urls.ts'

/** A file of the built site: its path relative to the output folder and its content. */
export interface OutputFile {
  path: string
  content: string
}

/** Pages that span the whole site: the catalog, the search page, the 404 page. */
export function* globalPages(site: SiteContext, venueYears: readonly VenueYear[]): Generator<OutputFile> {
  yield { path: outputPath(routes.home()), content: homePage(site, venueYears) }
  yield { path: '404.html', content: notFoundPage(site) }
  yield { path: outputPath(routes.search()), content: searchPage(site, venueYears) }
}

/** The listing pages and paper pages of one venue-year, one at a time. */
export function* venueYearPages(site: SiteContext, venueYear: VenueYear<RenderedPaper>): Generator<OutputFile> {
  yield* listingPages(site, venueYear)
  for (let i = 0; i < venueYear.papers.length; i++) yield paperPageFile(site, venueYear, i)
}

/** The listing pages of one venue-year. */
export function* listingPages(site: SiteContext, venueYear: VenueYear<RenderedPaper>): Generator<OutputFile> {
  for (const page of paginate(venueYear.papers, site.config.pageSize)) {
    yield { path: outputPath(routes.listing(venueYear.venue, venueYear.year, page.number)), content: listingPage(site, venueYear, page) }
  }
}

/** The page of paper `i` of a venue-year (it links the papers before and after it). */
export function paperPageFile(site: SiteContext, venueYear: VenueYear<RenderedPaper>, i: number): OutputFile {
  const papers = venueYear.papers
  const paper = papers[i] as RenderedPaper
  return {
    path: outputPath(routes.paper(paper)),
    content: paperPage(site, { paper, venueYear, listingPage: Math.floor(i / site.config.pageSize) + 1, previous: papers[i - 1], next: papers[i + 1] }),
  }
}

/** Routes of every page a venue-year has, for the sitemap (no rendering needed). */
export function venueYearRoutes(venueYear: VenueYear, pageSize: number): string[] {
  const routesOf: string[] = []
  const pages = Math.max(1, Math.ceil(venueYear.papers.length / pageSize))
  for (let n = 1; n <= pages; n++) routesOf.push(routes.listing(venueYear.venue, venueYear.year, n))
  for (const paper of venueYear.papers) routesOf.push(routes.paper(paper))
  return routesOf
}

/** Every HTML page of the site (the build writes them venue-year by venue-year instead). */
export function* sitePages(site: SiteContext, venueYears: readonly VenueYear<RenderedPaper>[]): Generator<OutputFile> {
  yield* globalPages(site, venueYears)
  for (const venueYear of venueYears) yield* venueYearPages(site, venueYear)
}
