import type { Options, SearchOptions } from 'minisearch'

/**
 * The one place where search behaviour is defined. The build indexes with these options and the
 * browser loads the index with the same object, so the two can never disagree on tokens.
 */

/** What the index knows of a paper. `id` is the paper's document number in the index. */
export interface SearchDocument {
  id: number
  title: string
  authors: string
  abstract: string
}

export const searchFields = ['title', 'authors', 'abstract'] as const
export type SearchField = (typeof searchFields)[number]

// Words so common in abstracts that they match most papers and rank nothing.
const stopWords = new Set(
  'a an and are as at be been but by can do does for from has have how in into is it its of on or our over such than that the their them then there these they this those to under via was we were what when where which while who why will with within without'.split(
    ' ',
  ),
)

const separators = /[\n\r\p{Z}\p{P}\p{S}]+/u
const combiningMarks = /[\u0300-\u036f]/g

/** Split text into words at spaces, punctuation and symbols (`$`, `\`, `^` in TeX included). */
export function tokenize(text: string): string[] {
  return text.split(separators).filter((token) => token !== '')
}

/** Lower-case, fold accents (`Raphaël` finds `raphael`), drop stop words and single letters. */
export function processTerm(term: string): string | null {
  const folded = term.normalize('NFKD').replace(combiningMarks, '').toLowerCase()
  if (folded.length < 2 || stopWords.has(folded)) return null
  return folded
}

export const defaultSearchOptions: SearchOptions = {
  // A paper must match every word of the query: results narrow as the query grows.
  combineWith: 'AND',
  // Prefix matching for words of three letters or more, so results come while typing.
  prefix: (term) => term.length >= 3,
  // Typo tolerance for longer words: one edit from five letters, two from ten.
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  boost: { title: 3, authors: 2 },
}

export const miniSearchOptions: Options<SearchDocument> = {
  idField: 'id',
  fields: [...searchFields],
  storeFields: [],
  tokenize,
  processTerm,
  searchOptions: defaultSearchOptions,
}
