import type { Root as HastRoot } from 'hast'
import type { Root as MdastRoot } from 'mdast'
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkMath from 'remark-math'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { VFile } from 'vfile'
import rehypeExternalLinks from './rehype-external-links.ts'
import rehypeMath from './rehype-math.ts'
import remarkListingText from './remark-listing-text.ts'
import remarkMathGuard from './remark-math-guard.ts'

/**
 * What markdown in a listing may become. Only http(s) links; no ids (they would clash across
 * the fifty abstracts of a listing page), no images, no raw HTML; math stays as code marked
 * `language-math` for the math stage.
 */
export const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  tagNames: ['p', 'br', 'em', 'strong', 'code', 'pre', 'a', 'ul', 'ol', 'li', 'blockquote', 'hr', 'del', 'sup', 'sub'],
  attributes: {
    a: ['href'],
    code: [['className', 'language-math', 'math-inline', 'math-display']],
    ol: ['start'],
  },
  protocols: { href: ['http', 'https'] },
  clobber: [],
  clobberPrefix: '',
  required: {},
  strip: ['script', 'style'],
}

/** Markdown source → mdast: CommonMark with `$math$`, raw HTML and headings made text. */
export const parser = unified().use(remarkParse).use(remarkMath).use(remarkMathGuard).use(remarkListingText).freeze()

/** mdast → sanitized HTML, with math rendered by KaTeX. */
export const renderer = unified()
  .use(remarkRehype)
  .use(rehypeSanitize, sanitizeSchema)
  .use(rehypeExternalLinks)
  // After sanitizing: KaTeX output is trusted markup, math input is not.
  .use(rehypeMath)
  .use(rehypeStringify, { allowDangerousHtml: true })
  .freeze()

export function parseMarkdown(source: string): MdastRoot {
  const file = new VFile(source)
  return parser.runSync(parser.parse(file), file) as MdastRoot
}

export function renderMdast(tree: MdastRoot): string {
  const hast = renderer.runSync(tree) as HastRoot
  return renderer.stringify(hast)
}
