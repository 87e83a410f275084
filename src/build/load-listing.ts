import { readFileSync } from 'node:fs'
import { VFile } from 'vfile'
import type { Paper } from '../paper.ts'
import { decodeListing } from '../parse/decode.ts'
import { type ExpectedVenueYear, scanListing } from '../parse/scan-listing.ts'
import { venueSlug } from '../site/slug.ts'
import { type BuildCache, sha256 } from './cache.ts'
import type { ListingFile } from './discover.ts'

export interface LoadedListing {
  file: VFile
  papers: Paper[]
  /** Identifies the parse: papershelf's code, the file's place and its bytes. */
  key: string
  /** Whether the parse came from the cache. */
  cached: boolean
}

/**
 * Read, decode and scan one listing file, or take its records and messages from the cache
 * when the same bytes at the same place were parsed before by the same papershelf.
 * The file is read once, so a listing replaced during the build is seen whole, old or new.
 */
export function loadListing(listing: ListingFile, displayPath: string, cache?: BuildCache): LoadedListing {
  const bytes = readFileSync(listing.path)
  const file = new VFile({ path: displayPath })
  const key = cache ? cache.listingKey(listing.source, bytes) : sha256(listing.source, bytes)
  const hit = cache?.getListing(key)
  if (hit) {
    for (const m of hit.messages) {
      file.message(m.reason, { place: { line: m.line, column: m.column }, ruleId: m.ruleId, source: 'papershelf' }).fatal = m.fatal
    }
    return { file, papers: hit.papers, key, cached: true }
  }
  const text = decodeListing(bytes, file)
  const papers = scanListing(text, file, { source: listing.source, expected: expectedVenueYear(listing.source) })
  cache?.putListing(key, {
    papers,
    messages: file.messages.map((m) => ({
      reason: m.reason,
      line: m.line ?? 1,
      column: m.column ?? 1,
      ruleId: m.ruleId ?? 'papershelf',
      fatal: m.fatal === true,
    })),
  })
  return { file, papers, key, cached: false }
}

/**
 * The venue and year a listing's place implies: a `<Venue>/<Year>/` folder pair, or a
 * `<Venue>-<Year>-…` file name. Listings elsewhere are taken at their word.
 */
export function expectedVenueYear(source: string): ExpectedVenueYear | undefined {
  const parts = source.split('/')
  for (let i = parts.length - 2; i >= 1; i--) {
    if (/^\d{4}$/.test(parts[i] as string)) {
      const venue = venueSlug(parts[i - 1] as string)
      if (venue !== '') return { venue, year: Number(parts[i]) }
    }
  }
  const name = /^(.+?)-(\d{4})-/.exec(parts.at(-1) as string)
  if (name) {
    const venue = venueSlug(name[1] as string)
    if (venue !== '') return { venue, year: Number(name[2]) }
  }
  return undefined
}
