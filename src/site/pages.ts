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

/** Every HTML page of the site, one at a time, so that a large site is never held whole. */
export function* sitePages(site: SiteContext, venueYears: readonly VenueYear<RenderedPaper>[]): Generator<OutputFile> {
  yield { path: outputPath(routes.home()), content: homePage(site, venueYears) }
  yield { path: '404.html', content: notFoundPage(site) }
  yield { path: outputPath(routes.search()), content: searchPage(site, venueYears) }
  const size = site.config.pageSize
  for (const venueYear of venueYears) {
    for (const page of paginate(venueYear.papers, size)) {
      yield { path: outputPath(routes.listing(venueYear.venue, venueYear.year, page.number)), content: listingPage(site, venueYear, page) }
    }
    const papers = venueYear.papers
    for (let i = 0; i < papers.length; i++) {
      const paper = papers[i] as RenderedPaper
      yield {
        path: outputPath(routes.paper(paper)),
        content: paperPage(site, { paper, venueYear, listingPage: Math.floor(i / size) + 1, previous: papers[i - 1], next: papers[i + 1] }),
      }
    }
  }
}
