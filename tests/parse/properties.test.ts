import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Paper } from '../../src/paper.ts'
import { messagesOf, parseListingBytes } from './harness.ts'

/** How a listing file is written: the generator's own format, and the ones others wrote. */
type Variant = 'lf' | 'crlf' | 'indented-8-crlf' | 'bom' | 'no-trailing-newline'

/** A record as generated: abstract lines carry their own extra indentation. */
interface GeneratedRecord {
  index: number
  title: string
  authors: string[]
  urlId: string
  /** Paragraphs of lines, each line with 0-3 leading spaces of its own. */
  paragraphs: string[][]
}

const letters = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789']
const unicode = ['é', 'ü', 'ß', 'λ', 'Ω', '中', '文', '🎉', '\u00a0']
const markdownChars = [...'*_[]()$<>&`#!:;-+.,\'"|~^{}/\\=%@?']
const textUnit = fc.constantFrom(...letters, ...letters, ...letters, ' ', ' ', ' ', ' ', ...markdownChars, ...unicode)
const nameUnit = fc.constantFrom(...letters, ...letters, ' ', '.', '-', "'", '*', '_', ...unicode)

/** Listing structure an abstract line must not look like: a record heading or a `----`. */
const structural = /^\s*(?:##(?!#)|-{3,}\s*$)/

const title = fc
  .string({ unit: textUnit, minLength: 1, maxLength: 60 })
  .map((s) => s.replace(/^ +| +$/g, ''))
  .filter((s) => s !== '')
// A name has no surrounding whitespace of any kind (a no-break space at its edge is no part of it).
const author = fc
  .string({ unit: nameUnit, minLength: 1, maxLength: 20 })
  .map((s) => s.trim())
  .filter((s) => s !== '')
const abstractLine = fc
  .tuple(
    fc.integer({ min: 0, max: 3 }),
    fc
      .string({ unit: textUnit, minLength: 1, maxLength: 50 })
      .map((s) => s.replace(/^ +| +$/g, ''))
      .filter((s) => s !== '' && !structural.test(s)),
  )
  .map(([indent, text]) => ' '.repeat(indent) + text)

const record = (index: number) =>
  fc.record({
    index: fc.constant(index),
    title,
    authors: fc.array(author, { minLength: 1, maxLength: 5 }),
    urlId: fc.string({ unit: fc.constantFrom(...letters, '-', '_'), minLength: 1, maxLength: 12 }),
    paragraphs: fc.array(fc.array(abstractLine, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  })

const listing = fc.record({
  venue: fc.constantFrom('ICLR', 'NIPS', 'ICML'),
  year: fc.integer({ min: 1987, max: 2035 }),
  variant: fc.constantFrom<Variant>('lf', 'crlf', 'indented-8-crlf', 'bom', 'no-trailing-newline'),
  abstractInline: fc.boolean(),
  navigation: fc.boolean(),
  records: fc.uniqueArray(fc.integer({ min: 0, max: 999_999_999 }), { minLength: 1, maxLength: 4 }).chain((indices) => fc.tuple(...indices.map(record))),
})

/** Write a listing the way a generator would; returns its bytes and each record's heading line. */
function serialize(
  records: GeneratedRecord[],
  venue: string,
  year: number,
  variant: Variant,
  abstractInline: boolean,
  navigation: boolean,
): { bytes: Uint8Array; headingLines: number[] } {
  const lines: string[] = []
  const headingLines: number[] = []
  for (const r of records) {
    headingLines.push(lines.length + 1)
    const url = `https://openreview.net/forum?id=${r.urlId}`
    lines.push(`## [${r.index}] ${r.title}`, '', `**Authors**: *${r.authors.join(', ')}*`, '', `**Conference**: *${venue.toLowerCase()} ${year}*`, '')
    lines.push(`**URL**: [${url}](${url})`, '')
    const abstract = r.paragraphs.flatMap((p, k) => (k === 0 ? p : ['', ...p]))
    if (abstractInline) lines.push(`**Abstract**: ${abstract[0]}`, ...abstract.slice(1))
    else lines.push('**Abstract**:', '', ...abstract)
    lines.push('', '----', '')
  }
  if (navigation) lines.push('', `[Go to the next page](${venue}-${year}-list02.md)`, '', '[Go to the catalog section](README.md)')
  const indent = variant === 'indented-8-crlf' ? '        ' : ''
  const eol = variant === 'crlf' || variant === 'indented-8-crlf' ? '\r\n' : '\n'
  let text = lines.map((l) => (l === '' ? l : indent + l)).join(eol)
  text = variant === 'no-trailing-newline' ? text.replace(/\n+$/, '') : text + eol
  if (variant === 'bom') text = `\uFEFF${text}`
  return { bytes: new TextEncoder().encode(text), headingLines }
}

/** The abstract a reader means: common indentation removed (text after the label stands as it is). */
function expectedAbstract(paragraphs: string[][], abstractInline: boolean): string {
  const lines = paragraphs.flatMap((p, k) => (k === 0 ? p : ['', ...p]))
  const rest = abstractInline ? lines.slice(1) : lines
  const indent = Math.min(...rest.filter((l) => l !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0))
  const dedented = rest.map((l) => (l === '' ? l : l.slice(indent)))
  return (abstractInline ? [(lines[0] as string).replace(/^ +/, ''), ...dedented] : dedented).join('\n')
}

describe('generated listings', () => {
  it('should parse every valid record back as it was written, without messages', () => {
    fc.assert(
      fc.property(listing, ({ venue, year, variant, abstractInline, navigation, records }) => {
        const source = `${venue}/${year}/${venue}-${year}-list01.md`
        const { bytes, headingLines } = serialize(records, venue, year, variant, abstractInline, navigation)
        const { file, papers } = parseListingBytes(bytes, source)
        const v = venue.toLowerCase()
        const expected: Paper[] = records.map((r, k) => ({
          id: `${v}-${year}-${r.index}`,
          venue: v,
          year,
          index: r.index,
          title: r.title,
          authors: r.authors,
          url: `https://openreview.net/forum?id=${r.urlId}`,
          abstract: expectedAbstract(r.paragraphs, abstractInline),
          source: { file: source, line: headingLines[k] as number },
        }))
        expect(messagesOf(file)).toEqual([])
        expect(papers).toEqual(expected)
      }),
      // FC_NUM_RUNS=20000 for a longer hunt.
      { numRuns: Number(process.env.FC_NUM_RUNS ?? 200) },
    )
  })
})
