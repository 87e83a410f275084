import type { Paper, VenueYear } from '../paper.ts'
import { safeHttpUrl } from '../site/safe-url.ts'
import { escapeTex, titleToTex } from './tex.ts'

export { baseKey, bibtexKeys } from './bibtex-keys.ts'

/** What an entry needs besides the paper. */
export interface BibtexEntryOptions {
  /** Citation key, from `bibtexKeys`. */
  key: string
  /** Display name of the venue (`ICLR`, `NeurIPS`). */
  venueName: string
  /** Overrides the `booktitle` field, which is otherwise `<venueName> <year>`. */
  booktitle?: string
}

/**
 * An author for the `author` field. BibTeX splits the field at the word `and` (any case) outside
 * braces, so a name containing that word (`Research and Development Team`) is braced whole.
 */
function authorField(name: string): string {
  const escaped = escapeTex(name).trim()
  return /(^|\s)and(\s|$)/i.test(escaped) ? `{${escaped}}` : escaped
}

/**
 * The URL for the `url` field, or `undefined` for one that is not http(s). biblatex and
 * `\url{}` read the field verbatim, so TeX escapes would end up in the link (`\%` is not `%`);
 * instead braces, backslashes, whitespace and a `%` that starts no escape, which would break
 * the `.bib` syntax or the verbatim reading, are percent-encoded; that leaves the URL meaning
 * the same. `#`, `_`, `~`, `&` are safe in a verbatim field and stay as they are.
 */
export function bibtexUrl(value: string): string | undefined {
  const url = safeHttpUrl(value)
  if (!url) return undefined
  return url.href.replace(/[{}\\\s%]/g, (c, offset: number, whole: string) =>
    // A `%` that already starts an escape is part of the URL.
    c === '%' && /^%[0-9a-f]{2}/i.test(whole.slice(offset)) ? c : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  )
}

/**
 * One `@inproceedings` entry, ending with a newline. The title keeps the listing's markdown
 * emphasis and math; capitals are protected word by word (see `titleToTex`) rather than by
 * double-bracing the whole title, so sentence-case styles still work while `BERT` stays `BERT`.
 * A paper without authors (or with blank names only) has no `author` field: a placeholder would
 * be cited as a person.
 */
export function bibtexEntry(paper: Paper, options: BibtexEntryOptions): string {
  const memoKey = `${options.key}\u0000${options.venueName}\u0000${options.booktitle ?? ''}`
  const memo = entries.get(paper)
  if (memo?.key === memoKey) return memo.entry
  const entry = formatEntry(paper, options)
  entries.set(paper, { key: memoKey, entry })
  return entry
}

// A build asks for each paper's entry twice (its page's Cite block and the venue-year's .bib),
// and converting titles to TeX is not cheap: the last entry made for a paper object is kept.
const entries = new WeakMap<Paper, { key: string; entry: string }>()

function formatEntry(paper: Paper, options: BibtexEntryOptions): string {
  const fields: [string, string][] = [['title', titleToTex(paper.title)]]
  const authors = paper.authors.filter((name) => name.trim() !== '')
  if (authors.length > 0) fields.push(['author', authors.map(authorField).join(' and ')])
  fields.push(['booktitle', escapeTex(options.booktitle ?? `${options.venueName} ${paper.year}`).trim()])
  fields.push(['year', String(paper.year)])
  const url = bibtexUrl(paper.url)
  if (url !== undefined) fields.push(['url', url])
  return `@inproceedings{${options.key},\n${fields.map(([name, value]) => `  ${name} = {${value}}`).join(',\n')}\n}\n`
}

/** A `.bib` file of entries, one blank line between them. */
export function bibtexFile(entries: readonly string[]): string {
  return entries.join('\n')
}

/**
 * The `.bib` file of one venue-year (`routes.venueYearBibtex`), in listing order.
 * @param keys citation keys of the whole site, from `bibtexKeys`, so keys agree between files.
 */
export function venueYearBibtex(venueYear: VenueYear, keys: ReadonlyMap<string, string>): string {
  return bibtexFile(
    venueYear.papers.map((paper) => {
      const key = keys.get(paper.id)
      if (key === undefined) throw new Error(`No BibTeX key for paper ${paper.id}`)
      return bibtexEntry(paper, { key, venueName: venueYear.name })
    }),
  )
}
