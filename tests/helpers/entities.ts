/**
 * Decode character references in text and attribute values taken from html-validate's DOM
 * (which keeps them as written). Numeric references and the named ones an HTML serializer
 * writes are decoded; any other named reference throws, so that a test never silently
 * compares undecoded markup.
 */
const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

export function decodeEntities(value: string): string {
  return value.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);/g, (reference, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16))
    if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10))
    const decoded = named[body]
    if (decoded === undefined) throw new Error(`decodeEntities: unsupported named reference ${reference}`)
    return decoded
  })
}
