import type { PhrasingContent, RootContent } from 'mdast'
import { toString as mdastToString } from 'mdast-util-to-string'
import { plainParagraphs } from '../markdown/fast-path.ts'
import { parseMarkdown } from '../markdown/processor.ts'

/**
 * Text-mode replacements for the characters TeX treats specially. Braces become
 * `\textbraceleft{}`/`\textbraceright{}` rather than `\{`/`\}` because BibTeX counts every
 * brace, escaped or not, when it finds the end of a field: a lone `\{` would swallow the rest
 * of the file. Every replacement is itself brace-balanced.
 */
const textEscapes: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '%': '\\%',
  $: '\\$',
  '&': '\\&',
  '#': '\\#',
  _: '\\_',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
}

const needsEscape = /[\\{}%$&#_^~\s\u0000-\u001f\u007f]/

/**
 * Escape plain text for a BibTeX field: TeX specials made literal, runs of whitespace (newlines,
 * tabs) made one space, control characters dropped. Non-ASCII text stays UTF-8, which biber and
 * BibTeX with `inputenc`/modern LaTeX read as is.
 */
export function escapeTex(text: string): string {
  // Most words have nothing to escape: a BibTeX file of a venue-year escapes tens of thousands.
  if (!needsEscape.test(text)) return text
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[\\{}%$&#_^~]/g, (c) => textEscapes[c] as string)
}

/**
 * Whether TeX math can be copied into a field verbatim. BibTeX needs its braces balanced (it
 * counts `\{` too), and an unescaped `%`, `#` or `&` is an error or a comment in math mode;
 * such math is written as the literal text it was instead.
 */
export function isSafeMath(tex: string): boolean {
  let depth = 0
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i]
    if (c === '\\') {
      // An escaped `%`, `#`, `&` is a character; an escaped brace still counts for BibTeX.
      const next = tex[i + 1]
      if (next === '{') depth++
      else if (next === '}' && --depth < 0) return false
      i++
      continue
    }
    if (c === '{') depth++
    else if (c === '}' && --depth < 0) return false
    else if (c === '%' || c === '#' || c === '&') return false
  }
  return depth === 0 && !tex.endsWith('\\')
}

/**
 * Whether a word's capitals must survive a bibliography style that changes case (sentence
 * case in ACL, APA): a capital after the first letter marks an acronym or a name
 * (`BERT`, `HyperDynamics`, `3D`, `GANs`), while `Learning` may become `learning`.
 */
function needsCaseProtection(word: string): boolean {
  return capitalAfterFirst.test(word)
}
const capitalAfterFirst = /^..*?\p{Lu}/su

/**
 * Escape text and brace the words whose capitals must be kept. Hyphenated parts are judged
 * apart (`Meta-Learning` may change case, the `CNN` of `CNN-based` may not), and punctuation
 * around a word stays outside the braces, where it does not affect case.
 */
function protectedText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .split(/([\s-]+)/)
    .map((part) => {
      const [before, core, after] = asciiWord.test(part) ? asciiParts(part) : wordParts(part)
      return needsCaseProtection(core) ? `${escapeTex(before)}{${escapeTex(core)}}${escapeTex(after)}` : escapeTex(part)
    })
    .join('')
}

/** A word's leading and trailing characters that are not letters or digits, and what they enclose. */
function wordParts(part: string): [before: string, core: string, after: string] {
  const [, before = '', core = '', after = ''] = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su.exec(part) ?? []
  return [before, core, after]
}

// Nearly every word of a title is ASCII: for those, `wordParts` without the Unicode regex
// (which was most of the cost of a paper's BibTeX entry).
const asciiWord = /^[\x00-\x7f]*$/
const isAlphanumeric = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)

function asciiParts(part: string): [before: string, core: string, after: string] {
  let start = 0
  while (start < part.length && !isAlphanumeric(part.charCodeAt(start))) start++
  let end = part.length
  while (end > start && !isAlphanumeric(part.charCodeAt(end - 1))) end--
  return [part.slice(0, start), part.slice(start, end), part.slice(end)]
}

function phrasingToTex(nodes: readonly (PhrasingContent | RootContent)[]): string {
  let out = ''
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        out += protectedText(node.value)
        break
      case 'inlineMath':
        // Braced so that a case-changing style leaves the math alone: BibTeX does not know
        // `$` and would lower-case `$N$` to `$n$`.
        out += isSafeMath(node.value) ? `{$${node.value}$}` : protectedText(`$${node.value}$`)
        break
      case 'emphasis':
        out += `\\emph{${phrasingToTex(node.children)}}`
        break
      case 'strong':
        out += `\\textbf{${phrasingToTex(node.children)}}`
        break
      case 'inlineCode':
        out += `\\texttt{${escapeTex(node.value)}}`
        break
      case 'break':
        out += ' '
        break
      case 'paragraph':
      case 'link':
      case 'linkReference':
      case 'delete':
        out += phrasingToTex(node.children)
        break
      default:
        // Anything else (raw HTML is already text; images are alt text) as the text it shows.
        out += protectedText(mdastToString(node))
    }
  }
  return out
}

/**
 * A title's inline markdown as a BibTeX field value: what the paper page shows, in TeX.
 * Emphasis becomes `\emph`, math stays math, markdown escapes (`\_`) are undone before TeX
 * escaping, and a title markdown would read as a block is taken literally, as on the page.
 */
export function titleToTex(source: string): string {
  const plain = plainParagraphs(source)
  if (plain && plain.length === 1) return protectedText(plain[0] as string).trim()
  const tree = parseMarkdown(source)
  const only = tree.children[0]
  if (tree.children.length !== 1 || only?.type !== 'paragraph') return protectedText(source.trim()).trim()
  return phrasingToTex(only.children).trim()
}
