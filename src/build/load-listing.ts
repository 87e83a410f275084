import { readFileSync } from 'node:fs'
import { VFile } from 'vfile'
import type { Paper } from '../paper.ts'
import { decodeListing } from '../parse/decode.ts'
import { type ExpectedVenueYear, scanListing } from '../parse/scan-listing.ts'
import { venueSlug } from '../site/slug.ts'
import type { ListingFile } from './discover.ts'

export interface LoadedListing {
  file: VFile
  papers: Paper[]
}

/** Read, decode and scan one listing file. */
export function loadListing(listing: ListingFile, displayPath: string, bytes: Uint8Array = readFileSync(listing.path)): LoadedListing {
  const file = new VFile({ path: displayPath })
  const text = decodeListing(bytes, file)
  const papers = scanListing(text, file, { source: listing.source, expected: expectedVenueYear(listing.source) })
  return { file, papers }
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
