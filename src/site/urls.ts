import type { Paper } from '../paper.ts'

/**
 * Where things live in the site. Each function returns a path relative to the site root
 * without a leading slash (`iclr/2021/page/2/`); `href` prefixes the base.
 */
export const routes = {
  home: () => '',
  listing: (venue: string, year: number, page = 1) => (page === 1 ? `${venue}/${year}/` : `${venue}/${year}/page/${page}/`),
  paper: (paper: Pick<Paper, 'venue' | 'year' | 'index'>) => `${paper.venue}/${paper.year}/${paper.index}/`,
  venueYearData: (venue: string, year: number) => `data/${venue}-${year}.json`,
  catalogData: () => 'data/catalog.json',
  search: () => 'search/',
  author: (slug: string) => `authors/${slug}/`,
  venueYearBibtex: (venue: string, year: number) => `data/${venue}-${year}.bib`,
}

/** The file a route is written to. */
export function outputPath(route: string): string {
  return route === '' || route.endsWith('/') ? `${route}index.html` : route
}

/** Build hrefs under a base path (`/` or `/papers/`). */
export function hrefFor(base: string): (route: string) => string {
  return (route) => base + route
}

/** Anchor of a paper's entry on its listing page. */
export function paperAnchor(paper: Pick<Paper, 'index'>): string {
  return `p${paper.index}`
}
