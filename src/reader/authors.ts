import type { PaperSummary, VenueYear } from '../paper.ts'
import { slugify } from '../site/slug.ts'
import { asciiFold, compareCodePoints } from './fold.ts'
import { shortHash } from './slug-hash.ts'

/** Longest slug; the URL segment `authors/<slug>/` stays short enough for any file system. */
export const maxSlugLength = 80
// Room for `-` and the 8 hex digits of the hash.
const maxBaseLength = maxSlugLength - 9
// A name with no ASCII letter or digit (`王伟`, `—`) still needs a readable first part.
const fallbackBase = 'author'

/**
 * URL- and path-safe slugs for author names: `[a-z0-9-]+`, at most 80 characters, never empty,
 * never `.`/`..` or a Windows-reserved name, distinct for distinct names.
 *
 * A name's base slug is the slugified ASCII folding of its exact text (`José García` →
 * `jose-garcia`). When several names share a base slug, the one first in code-point order keeps
 * it bare (so `Jose Garcia` keeps `jose-garcia` against `José García`) and the others get
 * `-` plus a hash of their exact text (`jose-garcia-1b2c3d4e`). Names without a base get
 * `author-<hash>`. Hashes rather than counters (`-2`, `-3`) mean that adding a name can change
 * the slug of at most one other name: the one that held the bare slug, and only if the new name
 * sorts before it.
 *
 * The mapping depends only on the set of names, not on their order or repetitions.
 */
export function authorSlugs(names: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(names)].sort(compareCodePoints)
  // Each slug's name: first the bare ones, the first name of each base in code-point order.
  const owners = new Map<string, string>()
  const hashed: string[] = []
  for (const name of sorted) {
    const base = slugify(asciiFold(name), maxSlugLength)
    if (base === '' || owners.has(base)) hashed.push(name)
    else owners.set(base, name)
  }
  // Bare slugs are all taken before any hashed one is made, and hashed names are handled in
  // code-point order, so a (vanishingly rare) clash is resolved the same way in every build.
  for (const name of hashed) {
    const base = slugify(asciiFold(name), maxBaseLength).replace(/-+$/, '') || fallbackBase
    let slug = `${base}-${shortHash(name)}`
    for (let salt = 1; owners.has(slug); salt++) slug = `${base}-${shortHash(`${name}\u0000${salt}`)}`
    owners.set(slug, name)
  }
  const slugs = new Map<string, string>()
  for (const [slug, name] of owners) slugs.set(name, slug)
  return slugs
}

/** How many papers an author has in one venue-year. */
export interface VenueYearCount {
  /** `<venue>-<year>`, as `VenueYear.key`. */
  key: string
  venue: string
  /** Display name of the venue. */
  name: string
  year: number
  count: number
}

/** An author and their papers, for an author page. */
export interface AuthorGroup<P = PaperSummary> {
  /** The name exactly as the listings write it. */
  name: string
  /** From `authorSlugs` over every name of the site; the page is `routes.author(slug)`. */
  slug: string
  /** Newest first: by year descending, then in site order. Each paper once. */
  papers: P[]
  /** Papers per venue-year, in the order of `papers` (newest year first, then site order). */
  counts: VenueYearCount[]
}

/**
 * Every author of the site with their papers, ordered by slug (an ASCII order that files
 * `Émilie` among the e's). Blank names are not authors. A name listed twice on one paper counts
 * that paper once.
 * @param siteSlugs `authorSlugs` of the site's names, when the caller has it already.
 */
export function groupByAuthor<P extends PaperSummary>(venueYears: readonly VenueYear<P>[], siteSlugs?: ReadonlyMap<string, string>): AuthorGroup<P>[] {
  const entries = new Map<string, { paper: P; venueYear: VenueYear<P>; order: number }[]>()
  let order = 0
  for (const venueYear of venueYears) {
    for (const paper of venueYear.papers) {
      for (const name of new Set(paper.authors)) {
        if (name.trim() === '') continue
        const list = entries.get(name)
        const entry = { paper, venueYear, order }
        if (list) list.push(entry)
        else entries.set(name, [entry])
      }
      order++
    }
  }
  const slugs = siteSlugs ?? authorSlugs(entries.keys())
  const groups: AuthorGroup<P>[] = []
  for (const [name, list] of entries) {
    list.sort((a, b) => b.paper.year - a.paper.year || a.order - b.order)
    const counts = new Map<VenueYear<P>, VenueYearCount>()
    for (const { venueYear } of list) {
      const count = counts.get(venueYear)
      if (count) count.count++
      else counts.set(venueYear, { key: venueYear.key, venue: venueYear.venue, name: venueYear.name, year: venueYear.year, count: 1 })
    }
    groups.push({ name, slug: slugs.get(name) as string, papers: list.map((entry) => entry.paper), counts: [...counts.values()] })
  }
  return groups.sort((a, b) => compareCodePoints(a.slug, b.slug))
}
