import type { Root } from 'mdast'

// Characters that start inline syntax the fast path leaves to remark, wherever they are not
// backslash-escaped (CommonMark plus `$` math), and line endings other than LF (markdown splits
// lines at a lone CR too). Backslashes, backticks and `&` are taken when they turn out literal.
const inlineSyntax = /[*_[<$\t\r]/
// What can start a block, or interrupt a paragraph, at the start of a line.
const blockStart = /^[ ]*(?:[#>\-+=*_<]|`{3}|~{3}|\d{1,9}[.)])/
const hardBreak = / {2,}$/
const blankLine = /^[ \t]*$/
// A backslash before ASCII punctuation makes it a literal character.
const backslashEscape = /\\([!-/:-@[-`{-~])/g
// A backslash that ends a line (a hard break) or the text, or escapes a backtick or a dollar
// (which would change where code or math starts): left to remark.
const escapeLeftToRemark = /\\(?:[\n`$]|$)/
// A character reference (`&amp;`, `&#35;`) is decoded by markdown; any other `&` is text.
const characterReference = /&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{0,31});/

/**
 * Most abstracts are plain prose: no character that could start markdown syntax. For those,
 * the markdown parse is known in advance: one paragraph of text per block of lines, each line's
 * leading and trailing spaces removed, backslash escapes resolved. Returns those paragraphs, or
 * `undefined` when the source needs the real parser. The differential test holds this to
 * remark's output on every fixture and on the whole shared corpus.
 */
export function plainParagraphs(source: string): string[] | undefined {
  if (inlineSyntax.test(withoutEscapes(source))) return undefined
  const paragraphs = paragraphsOf(source)
  if (!paragraphs) return undefined
  const texts: string[] = []
  for (const paragraph of paragraphs) {
    // The source has no syntax character left once escapes are taken out: the paragraph neither.
    const text = resolvedText(paragraph)
    if (text === undefined || !backticksLiteral(paragraph)) return undefined
    texts.push(text)
  }
  return texts
}

const withoutEscapes = (text: string) => (text.includes('\\') ? text.replace(backslashEscape, '') : text)

/**
 * Text outside math as markdown reads it when its only syntax characters are literal ones:
 * backslash escapes resolved, `&` that starts no character reference. Undefined otherwise.
 */
function literalText(text: string): string | undefined {
  return textSyntax.test(withoutEscapes(text)) ? undefined : resolvedText(text)
}

/** `literalText` for text already known to hold no syntax character outside escapes. */
function resolvedText(text: string): string | undefined {
  if (!/[\\&]/.test(text)) return text
  if (escapeLeftToRemark.test(text) || characterReference.test(text)) return undefined
  return text.includes('\\') ? text.replace(backslashEscape, '$1') : text
}

/**
 * Backticks are literal when no run of them can close a code span: no two runs of the same
 * length in the paragraph (math included, conservatively: a run inside math is literal either way).
 */
function backticksLiteral(paragraph: string): boolean {
  if (!paragraph.includes('`')) return true
  const lengths = new Set<number>()
  for (const [run] of paragraph.matchAll(/`+/g)) {
    if (lengths.has(run.length)) return false
    lengths.add(run.length)
  }
  return true
}

/** Paragraph texts by the line rules alone (blank lines, block starts, hard breaks, indentation). */
function paragraphsOf(source: string): string[] | undefined {
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

/** A run of a paragraph: text, or `$…$` math. */
export type Phrase = { type: 'text'; value: string } | { type: 'inlineMath'; value: string }

// Outside math, anything that can start syntax but `$` itself sends the source to remark
// (backslashes, backticks and `&` when they are not literal: `literalText`).
const textSyntax = /[*_[<\t\r]/

/**
 * The second most common abstract: prose with `$…$` math and nothing else. Like plain
 * paragraphs, but each paragraph is split into text and math the way remark-math splits it,
 * for math that needs none of the corner cases (no `$$`, no line break or edge space inside,
 * no digit after the closing `$`); anything else goes to remark. The differential test holds
 * this to remark's output too.
 */
export function mathParagraphs(source: string): Phrase[][] | undefined {
  // An escaped `\$` is a literal dollar, not a delimiter; the split below knows no escapes.
  if (!source.includes('$') || source.includes('\\$')) return undefined
  const paragraphs = paragraphsOf(source)
  if (!paragraphs) return undefined
  const result: Phrase[][] = []
  for (const paragraph of paragraphs) {
    const phrases = backticksLiteral(paragraph) ? splitMath(paragraph) : undefined
    if (!phrases) return undefined
    result.push(phrases)
  }
  return result
}

function splitMath(text: string): Phrase[] | undefined {
  const phrases: Phrase[] = []
  let pending = ''
  let i = 0
  while (i < text.length) {
    const open = text.indexOf('$', i)
    if (open < 0) {
      pending += text.slice(i)
      break
    }
    if (text[open + 1] === '$') return undefined
    const close = text.indexOf('$', open + 1)
    if (close < 0) {
      // An opening `$` that never closes is a dollar sign.
      pending += text.slice(i)
      break
    }
    const value = text.slice(open + 1, close)
    if (text[close + 1] === '$' || value.includes('\n') || /^\s|\s$/.test(value) || /^\d/.test(text[close + 1] ?? '')) return undefined
    pending += text.slice(i, open)
    if (pending !== '') phrases.push({ type: 'text', value: pending })
    pending = ''
    phrases.push({ type: 'inlineMath', value })
    i = close + 1
  }
  if (pending !== '') phrases.push({ type: 'text', value: pending })
  for (const phrase of phrases) {
    if (phrase.type !== 'text') continue
    const text = literalText(phrase.value)
    if (text === undefined) return undefined
    phrase.value = text
  }
  return phrases
}

/** The mdast remark would produce for math paragraphs (positions aside). */
export function mathMdast(paragraphs: Phrase[][]): Root {
  return {
    type: 'root',
    children: paragraphs.map((children) => ({
      type: 'paragraph',
      children: children.map((phrase) =>
        phrase.type === 'text'
          ? { type: 'text', value: phrase.value }
          : {
              type: 'inlineMath',
              value: phrase.value,
              // What mdast-util-math attaches for remark-rehype.
              data: { hName: 'code', hProperties: { className: ['language-math', 'math-inline'] }, hChildren: [{ type: 'text', value: phrase.value }] },
            },
      ),
    })),
  }
}

/** The HTML the renderer would produce, given its math renderer (`null` when TeX does not parse). */
export function mathHtml(paragraphs: Phrase[][], renderMath: (tex: string) => string | null): string {
  return paragraphs.map((phrases) => `<p>${phrasesHtml(phrases, renderMath)}</p>`).join('\n')
}

export function phrasesHtml(phrases: Phrase[], renderMath: (tex: string) => string | null): string {
  let html = ''
  for (const phrase of phrases) {
    if (phrase.type === 'text') html += escapeText(phrase.value)
    else html += renderMath(phrase.value) ?? `<code class="language-math math-inline">${escapeText(phrase.value)}</code>`
  }
  return html
}
