import { isAscii } from '../reader/fold.ts'

/** Windows cannot create files or folders with these names, whatever the extension. */
const reservedNames = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/

/**
 * A URL- and path-safe slug: lower-case ASCII letters, digits and single dashes, never empty
 * for input with a letter or digit, never `.`/`..`, never a Windows-reserved name.
 */
export function slugify(value: string, maxLength = 80): string {
  let slug = (isAscii(value) ? value : value.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  if (slug.length > maxLength) slug = slug.slice(0, maxLength).replace(/-+$/, '')
  if (reservedNames.test(slug)) slug = `${slug}-`
  return slug
}

/** The key of a venue in URLs and ids: `NeurIPS` → `neurips`, `ICLR` → `iclr`. */
export function venueSlug(name: string): string {
  return slugify(name, 40)
}
