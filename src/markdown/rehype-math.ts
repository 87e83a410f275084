import type { Element, ElementContent, Root } from 'hast'
import katex from 'katex'
import { SKIP, visit } from 'unist-util-visit'

// The same formulas recur across papers (`$x$`, `$\epsilon$`): render each once per process.
const rendered = new Map<string, string | null>()
const maxCached = 50_000

/**
 * Render `$…$` / `$$…$$` (sanitized `code.language-math` elements) with KaTeX at build time,
 * straight to HTML: no client-side math, no re-parse of KaTeX's output (which made rehype-katex
 * many times slower). `trust: false` keeps `\href`, `\url` and `\includegraphics` inert, so
 * math can never produce a live link. TeX KaTeX cannot parse stays as code, as written.
 */
export default function rehypeMath() {
  return (tree: Root) => {
    visit(tree, 'element', (node, index, parent) => {
      if (!parent || index === undefined || node.tagName !== 'code' || !hasClass(node, 'language-math')) return undefined
      const display = hasClass(node, 'math-display')
      const tex = textOf(node)
      const html = renderTex(tex, display)
      if (html === null) return SKIP
      const raw = { type: 'raw', value: html } as unknown as ElementContent
      // Display math sits in `pre > code`: the formula replaces the whole block.
      if (display && parent.type === 'element' && parent.tagName === 'pre') {
        parent.tagName = 'div'
        parent.properties = { className: ['math-display'] }
      }
      parent.children.splice(index, 1, raw)
      return SKIP
    })
  }
}

/** KaTeX HTML for a formula, or `null` when KaTeX cannot parse it. */
export function renderTex(tex: string, display: boolean): string | null {
  const key = `${display ? 'D' : 'I'}${tex}`
  const cached = rendered.get(key)
  if (cached !== undefined) return cached
  let html: string | null
  // KaTeX warns on the console about glyphs it lacks metrics for (`€`); they still render.
  const warn = console.warn
  console.warn = () => {}
  try {
    html = withoutMathNamespace(
      katex.renderToString(tex, { displayMode: display, throwOnError: true, trust: false, strict: 'ignore', maxExpand: 1000, maxSize: 20 }),
    )
  } catch {
    html = null
  } finally {
    console.warn = warn
  }
  if (rendered.size >= maxCached) rendered.clear()
  rendered.set(key, html)
  return html
}

const mathNamespace = '<math xmlns="http://www.w3.org/1998/Math/MathML"'

/**
 * KaTeX writes the MathML namespace on every `<math>`, as XML needs; in HTML the parser puts
 * `<math>` in it anyway. Left out: 2.2 MB of a 27,000-paper site.
 */
function withoutMathNamespace(html: string): string {
  return html.split(mathNamespace).join('<math')
}

function hasClass(node: Element, name: string): boolean {
  const classes = node.properties.className
  return Array.isArray(classes) && classes.includes(name)
}

function textOf(node: Element): string {
  return node.children.map((child) => (child.type === 'text' ? child.value : child.type === 'element' ? textOf(child) : '')).join('')
}
