/** Where a record came from: the listing file (relative to the content folder) and its line. */
export interface SourcePlace {
  /** Path of the listing file, relative to the content folder, with `/` separators. */
  file: string
  /** 1-based line of the record's `## [N]` heading. */
  line: number
}

/**
 * One paper, as parsed from a listing. The same shape flows from the parser to the pages,
 * the data export and the search index.
 */
export interface Paper {
  /** Stable identifier: `<venue>-<year>-<index>`, e.g. `iclr-2021-800`. */
  id: string
  /** Venue key, lower case, from the **Conference** field (`iclr`, `nips`). */
  venue: string
  /** Year from the **Conference** field. */
  year: number
  /** The `N` of the `## [N]` heading; unique within a venue-year. */
  index: number
  /** Title as written in the listing (inline markdown source). */
  title: string
  /** Author names in listing order; may be empty (a warning is reported). */
  authors: string[]
  /** The **URL** field as written; only `http:`/`https:` ever becomes a link. */
  url: string
  /** Abstract as markdown source, paragraphs separated by a blank line. */
  abstract: string
  /** Where the record starts. */
  source: SourcePlace
}

/** A paper with its title and abstract rendered for pages. */
export interface RenderedPaper extends Paper {
  /** Sanitized HTML of the title (phrasing content, no links). */
  titleHtml: string
  /** The title as plain text (markup removed), for `<title>`, meta tags and search. */
  titleText: string
  /** Sanitized HTML of the abstract. */
  abstractHtml: string
  /** The abstract as plain text, for search. */
  abstractText: string
}

/**
 * A paper without its abstract, the bulk of its text: what the site-wide stages (author pages,
 * catalog, sitemap) need. The build keeps only these once a venue-year is rendered.
 */
export type PaperSummary = Omit<Paper, 'abstract'>

/** Every paper of one venue and year, in listing order. */
export interface VenueYear<P extends PaperSummary = Paper> {
  /** `<venue>-<year>`, e.g. `iclr-2021`. */
  key: string
  venue: string
  year: number
  /** Display name of the venue (`ICLR`, `NeurIPS`). */
  name: string
  papers: P[]
}
