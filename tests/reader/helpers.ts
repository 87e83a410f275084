import { fileURLToPath } from 'node:url'
import type { Paper, RenderedPaper, VenueYear } from '../../src/paper.ts'

/** Root of the repository. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

/** `UPDATE_FIXTURES=1 npx vitest run tests/reader` rewrites expected outputs; review the diff. */
export const updateFixtures = process.env.UPDATE_FIXTURES === '1'

/** A paper with defaults for whatever a test does not care about. */
export function makePaper(fields: Partial<Paper> & { index: number }): Paper {
  const venue = fields.venue ?? 'iclr'
  const year = fields.year ?? 2021
  return {
    id: `${venue}-${year}-${fields.index}`,
    venue,
    year,
    title: `Paper ${fields.index}`,
    authors: [],
    url: `https://openreview.net/forum?id=${venue}${year}x${fields.index}`,
    abstract: '',
    source: { file: `${venue}/${year}.md`, line: fields.index },
    ...fields,
  }
}

/** A rendered paper whose title HTML is the escaped title, enough for templates. */
export function makeRendered(fields: Partial<RenderedPaper> & { index: number }): RenderedPaper {
  const paper = makePaper(fields)
  return { titleHtml: paper.title, titleText: paper.title, abstractHtml: '', abstractText: '', ...paper, ...fields }
}

/** A venue-year holding `papers` (their venue and year are taken as given). */
export function makeVenueYear<P extends Paper>(venue: string, name: string, year: number, papers: P[]): VenueYear<P> {
  return { key: `${venue}-${year}`, venue, year, name, papers }
}

/**
 * Whether braces balance the way BibTeX counts them: every `{` and `}`, escaped or not, the
 * depth never below zero.
 */
export function bibtexBalanced(text: string): boolean {
  let depth = 0
  for (const c of text) {
    if (c === '{') depth++
    else if (c === '}' && --depth < 0) return false
  }
  return depth === 0
}
