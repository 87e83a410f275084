import type { PhrasingContent, Root } from 'mdast'
import { toString as mdastToString } from 'mdast-util-to-string'
import { escapeHtml } from '../html.ts'
import { mathHtml, mathParagraphs, type Phrase, phrasesHtml, plainHtml, plainParagraphs } from './fast-path.ts'
import { parseMarkdown, renderMdast } from './processor.ts'
import { renderTex } from './rehype-math.ts'

/** A field rendered for the page, and as plain text for `<title>`, meta tags and search. */
export interface Rendered {
  /** Sanitized HTML. */
  html: string
  /** The text a reader sees, markup removed (math keeps its TeX source). */
  text: string
}

/** Render an abstract (block markdown) to sanitized HTML. */
export function renderAbstract(source: string): Rendered {
  const plain = plainParagraphs(source)
  if (plain) return { html: plainHtml(plain), text: plain.join('\n\n') }
  const math = mathParagraphs(source)
  if (math) return { html: mathHtml(math, inlineTex), text: math.map(phrasesText).join('\n\n') }
  if (tooDeep(source)) return asText(source)
  try {
    const tree = parseMarkdown(source)
    return { html: renderMdast(tree), text: blocksToString(tree) }
  } catch (error) {
    // Nesting past what the parser's recursion can take: the words still reach the page.
    if (error instanceof RangeError) return asText(source)
    throw error
  }
}

/**
 * Markdown nested dozens of levels deep (lists, quotes) is no abstract, and its parse time grows
 * steeply with depth: past this much line prefix, the source is shown as the text it is.
 */
const maxPrefix = 64
const blockPrefix = /^[ \t>*+\-\d.)]*/

function tooDeep(source: string): boolean {
  for (const line of source.split('\n')) if ((blockPrefix.exec(line)?.[0].length ?? 0) > maxPrefix) return true
  return false
}

function asText(source: string): Rendered {
  const paragraphs = source
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
  return { html: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'), text: paragraphs.join('\n\n') }
}

/**
 * Render a title (inline markdown) to sanitized phrasing HTML. A title that markdown would read
 * as a block (a list item, a quote) is shown as the literal text it is.
 */
export function renderTitle(source: string): Rendered {
  const plain = plainParagraphs(source)
  if (plain && plain.length === 1) return { html: escapeHtml(plain[0] as string), text: plain[0] as string }
  const math = mathParagraphs(source)
  if (math && math.length === 1) return { html: phrasesHtml(math[0] as Phrase[], inlineTex), text: phrasesText(math[0] as Phrase[]) }
  const tree = parseMarkdown(source)
  const only = tree.children[0]
  if (tree.children.length !== 1 || only?.type !== 'paragraph') {
    return { html: escapeHtml(source.trim()), text: source.trim() }
  }
  // The title is itself a link on listing pages, and links cannot nest.
  only.children = only.children.flatMap((node) => (node.type === 'link' ? node.children : [node]))
  const html = renderMdast(tree)
  return { html: html.replace(/^<p>|<\/p>$/g, ''), text: mdastToString(only.children as PhrasingContent[]) }
}

const inlineTex = (tex: string) => renderTex(tex, false)

function phrasesText(phrases: Phrase[]): string {
  return phrases.map((phrase) => phrase.value).join('')
}

function blocksToString(tree: Root): string {
  return tree.children.map((node) => mdastToString(node)).join('\n\n')
}
