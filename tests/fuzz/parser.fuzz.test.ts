/**
 * Fuzzing the listing parser (decodeListing + scanListing) with hostile listings: valid records
 * mutated line by line and byte by byte (see `generators.ts`). Whatever the input, the parse
 * does not throw, finishes quickly, loses no record silently, and returns well-formed papers
 * and messages. FC_NUM_RUNS=… for a longer hunt here; `scripts/fuzz-long.ts` for a long run.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { renderAbstract, renderTitle } from '../../src/markdown/render.ts'
import { checkListing, describeInput, type FuzzInput, hazards, hostileListing, type ParseOutcome, render, validListing } from './generators.ts'
import { unsafeHtml } from './html-safety.ts'

/** A hang guard, not a performance target: a parse of any one input takes far less. */
const hangLimitMs = 2_000
const numRuns = Number(process.env.FC_NUM_RUNS ?? 400)
const encode = (text: string) => new TextEncoder().encode(text)

function expectSound(outcome: ParseOutcome, what: string): void {
  expect(outcome.error, what).toBeUndefined()
  expect(outcome.ms, what).toBeLessThan(hangLimitMs)
  expect(outcome.lost, what).toEqual([])
  expect(outcome.violations, what).toEqual([])
}

describe('parser fuzzing', () => {
  it('should parse valid generated listings without errors and lose no record', () => {
    fc.assert(
      fc.property(validListing, ({ source, lines }) => {
        const outcome = checkListing(render(lines, 'lf', [0], false, []), source)
        expectSound(outcome, source)
        // Every record is well formed, so every heading is a paper (messages may warn about
        // control characters or empty fields the generator put in on purpose).
        expect(outcome.file.messages.filter((m) => m.fatal).map((m) => m.reason)).toEqual([])
        expect(outcome.papers.length).toBe(lines.filter((l) => l.startsWith('## [')).length)
      }),
      { numRuns },
    )
  })

  it('should never throw, hang or silently lose a record on hostile input', () => {
    fc.assert(
      fc.property(hostileListing, (input: FuzzInput) => {
        expectSound(checkListing(input.bytes, input.source), describeInput(input))
      }),
      { numRuns },
    )
  })

  it('should render fuzzed titles and abstracts without script, handlers or unsafe URLs', () => {
    fc.assert(
      fc.property(hostileListing, (input: FuzzInput) => {
        const { papers } = checkListing(input.bytes, input.source)
        for (const paper of papers.slice(0, 3)) {
          for (const [field, html] of [
            ['title', renderTitle(paper.title).html],
            ['abstract', renderAbstract(paper.abstract).html],
          ] as const) {
            expect(unsafeHtml(html), `${field} of ${JSON.stringify(field === 'title' ? paper.title : paper.abstract)} → ${html}`).toEqual([])
          }
        }
      }),
      { numRuns: Math.ceil(numRuns / 2) },
    )
  })

  it('should render every hazard alone and in combination safely', () => {
    for (const a of hazards) {
      for (const b of ['', ...hazards]) {
        const source = `${a} x ${b}`
        expect(unsafeHtml(renderTitle(source).html), source).toEqual([])
        expect(unsafeHtml(renderAbstract(`${source}\n\n${b}${a}`).html), source).toEqual([])
      }
    }
  })
})

describe('hostile lines (explicit cases)', () => {
  const header = (body: string) => `## [1] Title\n\n**Authors**: *a, b*\n\n**Conference**: *iclr 2021*\n\n**URL**: [u](u)\n\n**Abstract**:\n\n${body}\n\n----\n`
  const source = 'ICLR/2021/ICLR-2021-list01.md'

  it.each([
    ['spaces inside a title', `## [1] a${' '.repeat(1_000_000)}b\n`],
    ['tabs and spaces inside a title', `## [1] a${' \t'.repeat(500_000)}b\n`],
    ['spaces inside a URL value', header('x').replace('[u](u)', `a${' '.repeat(1_000_000)}b`)],
    ['spaces inside a conference value', header('x').replace('*iclr 2021*', `a${' '.repeat(1_000_000)}b`)],
    ['spaces before a conference year', header('x').replace('*iclr 2021*', `iclr${' '.repeat(1_000_000)}2021`)],
    ['digits in a conference value', header('x').replace('*iclr 2021*', `iclr ${'1'.repeat(1_000_000)}`)],
    ['stars in an author list', header('x').replace('*a, b*', `*${'*'.repeat(1_000_000)}`)],
    ['hashes', `${'#'.repeat(1_000_000)}\n`],
    ['dashes', header(`${'-'.repeat(1_000_000)} x`)],
    ['a heading-like run', `##${' '.repeat(1_000_000)}[1]\n`],
    ['open brackets in a URL', header('x').replace('[u](u)', `${'['.repeat(1_000_000)}`)],
  ])('should parse a 1 MB line of %s in bounded time', (_name, text) => {
    expectSound(checkListing(encode(text), source), _name)
  })

  it('should keep a title holding U+2028 and U+2029 (text, not line ends)', () => {
    const outcome = checkListing(encode(header('x').replace('Title', 'Line\u2028separated\u2029title')), source)
    expectSound(outcome, 'U+2028')
    expect(outcome.papers.map((p) => p.title)).toEqual(['Line\u2028separated\u2029title'])
  })

  it('should reject a conference year with a leading zero or five digits', () => {
    for (const conference of ['iclr 0000', 'iclr 0999', 'iclr 12021']) {
      const outcome = checkListing(encode(header('x').replace('iclr 2021', conference)), 'misc/listing.md')
      expectSound(outcome, conference)
      expect(outcome.papers).toEqual([])
      expect(outcome.file.messages.map((m) => m.ruleId)).toContain('invalid-conference')
    }
  })

  it('should report lone surrogates (ED A0 80) and overlong forms as invalid UTF-8 at their place', () => {
    const before = encode(header('x').replace('Title', 'T'))
    const bytes = new Uint8Array([...before.subarray(0, 8), 0xed, 0xa0, 0x80, ...before.subarray(8)])
    const outcome = checkListing(bytes, source)
    expectSound(outcome, 'surrogate')
    expect(outcome.file.messages.map((m) => [m.ruleId, m.line, m.column, m.fatal])).toEqual([['invalid-utf8', 1, 9, true]])
  })
})

describe('big inputs (single runs)', () => {
  const source = 'ICLR/2021/ICLR-2021-list01.md'
  const recordText = (index: number, authors: string, abstract: string) =>
    `## [${index}] Title ${index}\n\n**Authors**: *${authors}*\n\n**Conference**: *iclr 2021*\n\n**URL**: [https://x.example/${index}](https://x.example/${index})\n\n**Abstract**:\n\n${abstract}\n\n----\n\n`

  it('should parse a 1 MB abstract, on one line and on many', () => {
    const oneLine = 'word '.repeat(200_000).trim()
    const manyLines = Array.from({ length: 20_000 }, (_, k) => `line ${k} of the abstract with $x_${k}$ and *emphasis`).join('\n')
    for (const abstract of [oneLine, manyLines]) {
      const outcome = checkListing(encode(recordText(1, 'a', abstract)), source)
      expectSound(outcome, 'big abstract')
      expect(outcome.papers).toHaveLength(1)
      expect(outcome.papers[0]?.abstract).toBe(abstract)
    }
  })

  it('should parse a 10,000-author list', () => {
    const authors = Array.from({ length: 10_000 }, (_, k) => `Author Number${k}`)
    const outcome = checkListing(encode(recordText(1, authors.join(', '), 'x')), source)
    expectSound(outcome, '10,000 authors')
    expect(outcome.papers[0]?.authors).toEqual(authors)
  })

  it('should parse a 100,000-record file', () => {
    const parts: string[] = []
    for (let k = 0; k < 100_000; k++) parts.push(recordText(k, `a${k}, b${k}`, `Abstract of paper ${k}.`))
    const bytes = encode(parts.join(''))
    const started = performance.now()
    const outcome = checkListing(bytes, source)
    const seconds = (performance.now() - started) / 1000
    expectSound(outcome, '100,000 records')
    expect(outcome.papers).toHaveLength(100_000)
    expect(outcome.file.messages).toEqual([])
    expect(outcome.papers[99_999]?.title).toBe('Title 99999')
    expect(seconds).toBeLessThan(20)
  })
})
