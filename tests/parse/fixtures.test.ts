import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkDuplicates } from '../../src/build/check-duplicates.ts'
import { listMarkdown, messagesOf, type ParseResult, parseFixture, parseFixtureRoot, parseListingBytes } from './harness.ts'

// `UPDATE_FIXTURES=1 npx vitest run tests/parse` rewrites the expected `.json` files; review them.
const update = process.env.UPDATE_FIXTURES === '1'
const fixtures = listMarkdown(parseFixtureRoot)

describe('listing fixtures', () => {
  it('should find the fixture listings', () => {
    expect(fixtures.length).toBeGreaterThan(20)
  })

  for (const source of fixtures) {
    it(`should parse ${source} as ${source.replace(/\.md$/, '.json')} says`, () => {
      const { papers, messages } = parseFixture(source)
      const actual: ParseResult = { papers, messages }
      const expectedPath = join(parseFixtureRoot, source.replace(/\.md$/, '.json'))
      if (update) {
        writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`)
        return
      }
      expect(existsSync(expectedPath), `missing ${expectedPath}; run with UPDATE_FIXTURES=1 and review it`).toBe(true)
      const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as ParseResult
      expect(actual).toEqual(expected)
    })
  }
})

describe('nothing lost', () => {
  // A line that starts like a level-2 heading is a record: it must become a paper or carry an
  // error, on the heading itself or on a line of the record it starts (a bad **Conference** is
  // reported where it is written, and names the record). Deeper headings (`### Results`) are
  // markdown inside an abstract, not records.
  const headingLike = /^ {0,8}##(?!#)/

  for (const source of fixtures) {
    it(`should turn every heading of ${source} into a paper or an error`, () => {
      const { papers, messages, text } = parseFixture(source)
      const lines = text.split('\n')
      const headings = lines.flatMap((line, i) => (headingLike.test(line) ? [i + 1] : []))
      const paperLines = new Set(papers.map((p) => p.source.line))
      const errorLines = messages.filter((m) => m.severity === 'error').map((m) => m.line)
      const lost = headings
        .map((line, k) => ({ line, text: lines[line - 1], next: headings[k + 1] ?? lines.length + 1 }))
        .filter(({ line, next }) => !paperLines.has(line) && !errorLines.some((e) => e >= line && e < next))
        .map(({ line, text }) => ({ line, text }))
      expect(lost).toEqual([])
    })
  }
})

describe('duplicate records across listings', () => {
  const record = (n: number, title: string) =>
    `## [${n}] ${title}\n\n**Authors**: *Ada Lovelace*\n\n**Conference**: *iclr 2021*\n\n**URL**: https://openreview.net/forum?id=${n}\n\n**Abstract**:\n\nPlain.\n\n----\n\n`
  const load = (source: string, text: string) => {
    const { file, papers } = parseListingBytes(new TextEncoder().encode(text), source)
    return { file, papers }
  }

  it('should report the second record with the same venue, year and index, naming the first', () => {
    const first = load('ICLR/2021/ICLR-2021-list01.md', record(1, 'One') + record(2, 'Two'))
    const second = load('ICLR/2021/ICLR-2021-list02.md', record(3, 'Three') + record(2, 'Two Again'))
    expect(first.file.messages).toEqual([])
    expect(second.file.messages).toEqual([])
    checkDuplicates([first, second])
    expect(first.papers.map((p) => p.index)).toEqual([1, 2])
    expect(messagesOf(first.file)).toEqual([])
    expect(second.papers.map((p) => p.index)).toEqual([3])
    expect(messagesOf(second.file)).toEqual([
      {
        line: 15,
        column: 1,
        severity: 'error',
        rule: 'duplicate-index',
        reason: 'Unexpected duplicate record [2] of iclr 2021, expected a unique number (first at ICLR/2021/ICLR-2021-list01.md:15)',
      },
    ])
  })

  it('should not report the same index in different years', () => {
    const a = load('ICLR/2021/a.md', record(5, 'Five'))
    const b = load('ICLR/2022/b.md', record(5, 'Five').replace('iclr 2021', 'iclr 2022'))
    checkDuplicates([a, b])
    expect([...a.papers, ...b.papers].map((p) => p.id)).toEqual(['iclr-2021-5', 'iclr-2022-5'])
    expect([...a.file.messages, ...b.file.messages]).toEqual([])
  })

  it('should report a repeated index within one listing', () => {
    const one = load('ICLR/2021/one.md', record(7, 'Seven') + record(7, 'Seven Again'))
    checkDuplicates([one])
    expect(one.papers.map((p) => p.title)).toEqual(['Seven'])
    expect(messagesOf(one.file).map((m) => [m.line, m.rule])).toEqual([[15, 'duplicate-index']])
  })
})
