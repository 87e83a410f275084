import { processTerm } from './options.ts'

/** A run of text, marked when it is a matched word. Rendered with textContent, never as HTML. */
export interface Segment {
  text: string
  mark: boolean
}

const word = /[^\n\r\p{Z}\p{P}\p{S}]+/gu

/** Split `text` into segments, marking words whose index term is in `terms`. */
export function highlight(text: string, terms: ReadonlySet<string>): Segment[] {
  const segments: Segment[] = []
  let last = 0
  for (const match of text.matchAll(word)) {
    const term = processTerm(match[0])
    if (term === null || !terms.has(term)) continue
    const start = match.index
    if (start > last) segments.push({ text: text.slice(last, start), mark: false })
    segments.push({ text: match[0], mark: true })
    last = start + match[0].length
  }
  if (last < text.length) segments.push({ text: text.slice(last), mark: false })
  return segments
}

/**
 * A window of about `length` characters of `text` around its first matched word, cut at word
 * boundaries, with `…` where text was left out; the start of the text when nothing matched.
 */
export function snippet(text: string, terms: ReadonlySet<string>, length = 240): Segment[] {
  const flat = text.replace(/\s+/g, ' ').trim()
  let first = -1
  for (const match of flat.matchAll(word)) {
    const term = processTerm(match[0])
    if (term !== null && terms.has(term)) {
      first = match.index
      break
    }
  }
  let start = first < 0 ? 0 : Math.max(0, first - Math.floor(length / 3))
  if (start > 0) {
    const space = flat.indexOf(' ', start)
    start = space < 0 || space > first ? start : space + 1
  }
  let end = Math.min(flat.length, start + length)
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end)
    if (space > start) end = space
  }
  const segments = highlight(flat.slice(start, end), terms)
  if (start > 0) segments.unshift({ text: '…', mark: false })
  if (end < flat.length) segments.push({ text: '…', mark: false })
  return segments
}
