import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import type { Node } from 'unist'
import { describe, expect, it } from 'vitest'
import { mathHtml, mathMdast, mathParagraphs, plainHtml, plainMdast, plainParagraphs } from '../../src/markdown/fast-path.ts'
import { parseMarkdown, renderMdast } from '../../src/markdown/processor.ts'
import { renderTex } from '../../src/markdown/rehype-math.ts'
import { sharedCorpusDir } from '../helpers/shared-corpus.ts'
import { listMarkdown, parseFixture, parseFixtureRoot, parseListingBytes } from '../parse/harness.ts'

/** A title or abstract, and where it came from. */
interface Sample {
  where: string
  source: string
}

interface Mismatch {
  where: string
  source: string
  kind: 'mdast' | 'html'
  fast: unknown
  slow: unknown
}

/** A copy of a unist tree without `position` (remark adds it; the fast path has none). */
function withoutPositions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPositions)
  if (node === null || typeof node !== 'object') return node
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) if (key !== 'position') copy[key] = withoutPositions(value)
  return copy
}

/** Hold the fast path to the real parser on each sample; returns the mismatches and how many took the fast path. */
function compare(samples: Sample[]): { fast: number; mismatches: Mismatch[] } {
  let fast = 0
  const mismatches: Mismatch[] = []
  for (const { where, source } of samples) {
    // Either fast path: plain prose, or prose with `$…$` math.
    const paragraphs = plainParagraphs(source)
    const math = paragraphs ? undefined : mathParagraphs(source)
    if (!paragraphs && !math) continue
    fast++
    const tree = parseMarkdown(source)
    const slowTree = withoutPositions(tree)
    const fastTree: Node = paragraphs ? plainMdast(paragraphs) : mathMdast(math ?? [])
    if (!isDeepStrictEqual(fastTree, slowTree)) {
      mismatches.push({ where, source, kind: 'mdast', fast: fastTree, slow: slowTree })
      continue
    }
    const fastHtml = paragraphs ? plainHtml(paragraphs) : mathHtml(math ?? [], (tex) => renderTex(tex, false))
    const slowHtml = renderMdast(tree)
    if (fastHtml !== slowHtml) mismatches.push({ where, source, kind: 'html', fast: fastHtml, slow: slowHtml })
  }
  return { fast, mismatches }
}

function samplesOf(papers: { title: string; abstract: string; source: { file: string; line: number } }[]): Sample[] {
  return papers.flatMap((p) => [
    { where: `${p.source.file}:${p.source.line} title`, source: p.title },
    { where: `${p.source.file}:${p.source.line} abstract`, source: p.abstract },
  ])
}

describe('markdown fast path', () => {
  it('should give what remark gives for every title and abstract of the parser fixtures', () => {
    const papers = listMarkdown(parseFixtureRoot).flatMap((source) => parseFixture(source).papers)
    const { fast, mismatches } = compare(samplesOf(papers))
    console.log(`fast path on fixtures: ${fast} of ${papers.length * 2} titles and abstracts`)
    expect(mismatches).toEqual([])
    expect(fast).toBeGreaterThan(0)
  })

  it('should give what remark gives for hand-picked near-plain text', () => {
    const sources = [
      'Plain text.',
      'Two lines\nof one paragraph.',
      'First.\n\nSecond.',
      '   Leading spaces and trailing ones.   ',
      'Ends with two spaces  \nthen a line.',
      'A line\n    indented by four continues the paragraph.',
      '    Indented by four at the start is code.',
      '1. A list item',
      '2020) not a list? It is.',
      'In 2020. we did things.',
      '- a bullet',
      '+ a plus',
      'Setext\n===',
      'Setext\n---',
      'A > B and B > C.',
      '> a quote',
      'x ~ y and ~~struck~~ text.',
      'Tildes\n~~~\ncode',
      'R&D and x < y.',
      'An "apostrophe\'s" quotes.',
      'Emoji 🎉 and accents é ü and CJK 中文.',
      'Non-breaking\u00a0space and zero\u200bwidth.',
      'A line ending in a backslash\\\nnext.',
      'Autolink https://example.org stays text.',
      'www.example.org is not autolinked by CommonMark.',
      '| a | b |\n| - | - |',
      'Foot[^1] note.',
      'Ends with a hash #',
      'Percent % and caret ^ and braces {x}.',
      'Form\ffeed',
      'Vertical\u000btab',
      'Trailing tab\t',
      '\u00a0Leading no-break space.',
      '\u2003Em space at the start.',
      'Line one\n\u00a0\nLine three',
      'Trailing no-break space\u00a0',
      'Byte order mark\ufeff inside and \ufeffat a start',
      '\fLeading form feed and trailing\f',
      '\u000bLeading vertical tab',
      'Lone\rcarriage return',
      'Windows\r\nline end',
      'Spaces after\r   a lone carriage return',
      'Line separator\u2028inside',
      '',
      '\n\n  \n',
      '\n\nText after blank lines\n\n',
      'Math $x$ inline',
      '$x$ at the start and $y_1^2$ in the middle, then $\\frac{a}{b}$.',
      'Costs $5 and more',
      'A $ lone dollar',
      'Two $a$$b$ touching',
      'Price $5$10',
      'Edge $ x$ space',
      'Broken $\\frac{1}{$ TeX',
      'Across $a\nb$ lines',
      'Para $x$\n\nnext $y$ para',
      'Text with $x$ and a_b outside',
      'Accuracy of 61\\% and \\*not emphasis\\* and \\_x\\_ and \\[not a link\\](x)',
      'Escaped \\<tag\\> and \\&amp; and \\\\ a backslash, \\alpha and \\é stay',
      'Costs \\$5 and $x$',
      'Escaped backslash then math \\\\$x$',
      'A paragraph ending in a backslash\\',
      'Backslash then space \\ \nnext line',
      'Escaped backslash at a line end \\\\\nnext line',
      "``LaTeX quotes'' and a lone ` tick",
      'A `code` span',
      '``a`` and ``b``',
      'Unmatched ``` run and a ` tick',
      "``Quotes'' at a line start",
      '```\ncode\n```',
      '~~~\ncode',
      '~ a tilde and ~~two~~',
      'Text\n``` fence inside\n```',
      '\\`not code\\`',
      'Math $a`b$ and c`d',
      "Math $x$ with 5\\% and ``quotes''",
      'AT&T and R&D labs',
      'R&D; looks like a reference',
      '&amp; decoded, &#35; and &#x23; too',
      'Math $x$ and AT&T',
    ]
    const { mismatches } = compare(sources.map((source, i) => ({ where: `sample ${i}`, source })))
    expect(mismatches).toEqual([])
  })

  it('should take literal backslash escapes, backticks and ampersands (most of what remark was left)', () => {
    const literal = [
      'Accuracy of 61\\% and \\*not emphasis\\*',
      "``LaTeX quotes'' and a lone ` tick",
      '~ a tilde',
      'AT&T and R&D labs',
      "Math $x$ with 5\\% and ``quotes''",
    ]
    expect(literal.filter((source) => !plainParagraphs(source) && !mathParagraphs(source))).toEqual([])
    expect(plainParagraphs('Accuracy of 61\\% and \\*not emphasis\\*')).toEqual(['Accuracy of 61% and *not emphasis*'])
    const syntax = ['A `code` span', 'Costs \\$5 and $x$', 'A paragraph ending in a backslash\\', '&amp; decoded', 'Math $x$ and \\*a*']
    expect(syntax.filter((source) => plainParagraphs(source) || mathParagraphs(source))).toEqual([])
  })

  it.skipIf(sharedCorpusDir === undefined)('should give what remark gives for every title and abstract of the shared corpus', () => {
    const root = sharedCorpusDir as string
    const samples = listMarkdown(root)
      .filter((source) => !/(^|\/)readme\.md$/i.test(source))
      .flatMap((source) => samplesOf(parseListingBytes(readFileSync(join(root, source)), source).papers))
    expect(samples.length).toBeGreaterThan(9000 * 2)
    const { fast, mismatches } = compare(samples)
    console.log(`fast path on the shared corpus: ${fast} of ${samples.length} titles and abstracts`)
    expect(mismatches.slice(0, 10)).toEqual([])
    expect(mismatches.length).toBe(0)
  })
})
