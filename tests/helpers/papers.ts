import type { RenderedPaper } from '../../src/paper.ts'

/**
 * Paper `i` of venue-year `v-2020` with these fields, its text taken as already rendered (plain
 * words need no markdown): what the search index reads of a paper, for index tests.
 */
export function plainPaper(title: string, authors: string[], abstract: string, i: number): RenderedPaper {
  return {
    id: `v-2020-${i}`,
    venue: 'v',
    year: 2020,
    index: i,
    title,
    authors,
    url: '',
    abstract,
    source: { file: 'v.md', line: i + 1 },
    titleHtml: title,
    titleText: title,
    abstractHtml: abstract,
    abstractText: abstract,
  }
}
