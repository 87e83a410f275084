/**
 * HTML built from template literals, escaped by construction: every interpolated value is
 * escaped unless it is already `Html` (the output of another template or of the sanitizer).
 * Attribute values must be quoted in templates; escaping covers both quote kinds.
 */
export class Html {
  readonly value: string
  constructor(value: string) {
    this.value = value
  }
  toString(): string {
    return this.value
  }
}

/** What a template may interpolate. Arrays are joined; `null`, `undefined` and `false` vanish. */
export type Interpolation = Html | string | number | null | undefined | false | readonly Interpolation[]

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0] as string
  for (let i = 0; i < values.length; i++) {
    out += serialize(values[i] as Interpolation) + (strings[i + 1] as string)
  }
  return new Html(out)
}

function serialize(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof Html) return value.value
  if (Array.isArray(value)) {
    let out = ''
    for (const item of value as readonly Interpolation[]) out += serialize(item)
    return out
  }
  return escapeHtml(String(value))
}

/** Trust a string as HTML: only for output of the sanitizer or of a trusted renderer. */
export function trustedHtml(value: string): Html {
  return new Html(value)
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

// Two regexes: `test` with the global one would carry `lastIndex` from call to call, and
// `search` on it (which does not) measured about 15 % slower on names and slugs.
const special = /[&<>"']/
const specials = /[&<>"']/g

/** Most values (names, slugs, URLs, numbers) have nothing to escape: those are returned as they are, unscanned by `replace`. */
export function escapeHtml(value: string): string {
  return special.test(value) ? value.replace(specials, (c) => escapes[c] as string) : value
}
