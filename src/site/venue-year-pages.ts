// Apart from the site-wide pages (pages.ts): their templates reach the markdown renderer (through
// BibTeX titles), which a build that renders no venue-year does not load.
import type { SiteContext } from '../../templates/context.ts'
import { listingPage } from '../../templates/listing.ts'
import { paperPage } from '../../templates/paper.ts'
import type { RenderedPaper, VenueYear } from '../paper.ts'
import { globalPages, type OutputFile } from './pages.ts'
import { paginate } from './paginate.ts'
import { outputPath, routes } from './urls.ts'

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

/** Every HTML page of the site (the build writes them venue-year by venue-year instead). */
export function* sitePages(site: SiteContext, venueYears: readonly VenueYear<RenderedPaper>[]): Generator<OutputFile> {
  yield* globalPages(site, venueYears)
  for (const venueYear of venueYears) yield* venueYearPages(site, venueYear)
}
