import type { VFile } from 'vfile'
import type { Paper } from '../paper.ts'

/**
 * Two records with the same venue, year and index would share a URL: the second (in listing
 * order) is reported, naming the first, and dropped from `papers` with the error as its trace.
 */
export function checkDuplicates(listings: readonly { file: VFile; papers: Paper[] }[]): void {
  const first = new Map<string, { file: VFile; paper: Paper }>()
  for (const listing of listings) {
    listing.papers = listing.papers.filter((paper) => {
      const seen = first.get(paper.id)
      if (!seen) {
        first.set(paper.id, { file: listing.file, paper })
        return true
      }
      listing.file.message(
        `Unexpected duplicate record [${paper.index}] of ${paper.venue} ${paper.year}, expected a unique number (first at ${seen.file.path}:${seen.paper.source.line})`,
        { place: { line: paper.source.line, column: 1 }, ruleId: 'duplicate-index', source: 'papershelf' },
      ).fatal = true
      return false
    })
  }
}
