import type { Root } from 'mdast'

// Characters that can start inline syntax anywhere in a line (CommonMark plus `$` math), and
// line endings other than LF (markdown splits lines at a lone CR too).
const inlineSyntax = /[\\`*_[<&$\t\r]/
// What can start a block, or interrupt a paragraph, at the start of a line.
const blockStart = /^[ ]*(?:[#>\-+=*_~`<]|\d{1,9}[.)])/
const hardBreak = / {2,}$/
const blankLine = /^[ \t]*$/

/**
 * Most abstracts are plain prose: no character that could start markdown syntax. For those,
 * the markdown parse is known in advance: one paragraph of text per block of lines, each line's
 * leading and trailing spaces removed. Returns those paragraphs, or `undefined` when the source
 * needs the real parser. The differential test holds this to remark's output on every fixture
 * and on the whole shared corpus.
 */
export function plainParagraphs(source: string): string[] | undefined {
  if (inlineSyntax.test(source)) return undefined
  const paragraphs: string[] = []
  let current: string[] = []
  for (const line of source.split('\n')) {
    if (blankLine.test(line)) {
      if (current.length > 0) paragraphs.push(current.join('\n'))
      current = []
      continue
    }
    if (blockStart.test(line) || hardBreak.test(line) || (current.length === 0 && /^ {4}/.test(line))) return undefined
    // Markdown strips spaces (tabs never get here) around a paragraph line, not the wider
    // Unicode whitespace `trim()` removes: a no-break space stays text.
    current.push(line.replace(/^ +| +$/g, ''))
  }
  if (current.length > 0) paragraphs.push(current.join('\n'))
  return paragraphs
}

/** The mdast remark would produce for plain paragraphs (positions aside). */
export function plainMdast(paragraphs: string[]): Root {
  return {
    type: 'root',
    children: paragraphs.map((value) => ({ type: 'paragraph', children: [{ type: 'text', value }] })),
  }
}

/** The HTML the renderer would produce for plain paragraphs. */
export function plainHtml(paragraphs: string[]): string {
  return paragraphs.map((p) => `<p>${escapeText(p)}</p>`).join('\n')
}

function escapeText(value: string): string {
  return value.replace(/[&<]/g, (c) => (c === '&' ? '&#x26;' : '&#x3C;'))
}
