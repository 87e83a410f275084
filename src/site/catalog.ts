import type { Config } from '../config.ts'
import { venueName } from '../config.ts'
import type { PaperSummary, VenueYear } from '../paper.ts'

/**
 * Group papers by venue and year, newest year first, then by venue name. Within a venue-year
 * papers keep the order they arrive in (listing files in path order, records in file order).
 */
export function groupVenueYears<P extends PaperSummary>(papers: readonly P[], config: Config): VenueYear<P>[] {
  const groups = new Map<string, VenueYear<P>>()
  for (const paper of papers) {
    const key = `${paper.venue}-${paper.year}`
    let group = groups.get(key)
    if (!group) {
      group = { key, venue: paper.venue, year: paper.year, name: venueName(config, paper.venue), papers: [] }
      groups.set(key, group)
    }
    group.papers.push(paper)
  }
  return [...groups.values()].sort((a, b) => b.year - a.year || a.name.localeCompare(b.name, 'en') || a.venue.localeCompare(b.venue, 'en'))
}
