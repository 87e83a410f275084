import type { Config } from '../config.ts'
import type { Paper, PaperSummary, VenueYear } from '../paper.ts'
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
export function catalogData(config: Config, venueYears: readonly VenueYear<PaperSummary>[], href: (route: string) => string): OutputFile {
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

/**
 * A venue-year's records go in one file up to this many; a larger venue-year is split into parts
 * of this many, so that no data file grows past a few megabytes (hosts limit file sizes).
 */
export const papersPerDataFile = 1000

/** Paths of a venue-year's data files: `data/<venue>-<year>.json`, and its parts if it has any. */
export function venueYearDataPaths(vy: Pick<VenueYear, 'venue' | 'year'>, count: number): string[] {
  const main = routes.venueYearData(vy.venue, vy.year)
  if (count <= papersPerDataFile) return [main]
  return [main, ...Array.from({ length: Math.ceil(count / papersPerDataFile) }, (_, i) => main.replace(/\.json$/, `-part${i + 1}.json`))]
}

/**
 * `data/<venue>-<year>.json`: the venue-year's records in listing order, in `papers`; for a
 * venue-year of more than `papersPerDataFile` papers, `parts` lists the files that hold them
 * (`data/<venue>-<year>-part1.json`, …), each with its `papers`, in order.
 */
export function venueYearData(vy: VenueYear, href: (route: string) => string): OutputFile[] {
  const paths = venueYearDataPaths(vy, vy.papers.length)
  const meta = { id: vy.key, venue: vy.venue, name: vy.name, year: vy.year, count: vy.papers.length }
  if (paths.length === 1) {
    return [{ path: paths[0] as string, content: `${JSON.stringify({ ...meta, papers: vy.papers.map((paper) => exportPaper(paper, href)) })}\n` }]
  }
  const parts = paths.slice(1)
  return [
    { path: paths[0] as string, content: `${JSON.stringify({ ...meta, parts: parts.map((path) => href(path)) })}\n` },
    ...parts.map((path, i) => ({
      path,
      content: `${JSON.stringify({
        id: vy.key,
        part: i + 1,
        parts: parts.length,
        papers: vy.papers.slice(i * papersPerDataFile, (i + 1) * papersPerDataFile).map((paper) => exportPaper(paper, href)),
      })}\n`,
    })),
  ]
}
