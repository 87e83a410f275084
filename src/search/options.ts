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

/** What separates words: line breaks, spaces, punctuation and symbols (`$`, `\`, `^` in TeX included). */
export const separator = /[\n\r\p{Z}\p{P}\p{S}]/u
const combiningMarks = /[\u0300-\u036f]/g
const asciiSeparator = new Uint8Array(128).map((_, code) => (separator.test(String.fromCharCode(code)) ? 1 : 0))
const wideSeparator = new Map<number, boolean>()

function isSeparator(codePoint: number): boolean {
  if (codePoint < 128) return asciiSeparator[codePoint] === 1
  let known = wideSeparator.get(codePoint)
  if (known === undefined) {
    known = separator.test(String.fromCodePoint(codePoint))
    wideSeparator.set(codePoint, known)
  }
  return known
}

/**
 * Split text into words at separators: `text.split(/[\n\r\p{Z}\p{P}\p{S}]+/u)` without the
 * empty strings, in a loop that is several times faster than the regex on a whole catalog.
 */
export function tokenize(text: string): string[] {
  const words: string[] = []
  let start = -1
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    let codePoint = code
    let width = 1
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) {
        codePoint = ((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000
        width = 2
      }
    }
    if (isSeparator(codePoint)) {
      if (start >= 0) words.push(text.slice(start, i))
      start = -1
    } else if (start < 0) start = i
    i += width - 1
  }
  if (start >= 0) words.push(text.slice(start))
  return words
}

/** Lower-case and fold accents (`Raphaël` finds `raphael`). */
export function foldTerm(term: string): string {
  return term.normalize('NFKD').replace(combiningMarks, '').toLowerCase()
}

/** Fold (`foldTerm`), drop stop words and single letters. */
export function processTerm(term: string): string | null {
  const folded = foldTerm(term)
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
