import type { Root, Text } from 'mdast'
import type { InlineMath } from 'mdast-util-math'
import { SKIP, visit } from 'unist-util-visit'
import type { VFile } from 'vfile'

/**
 * `$` is also a currency sign. Like Pandoc, inline math must hug its dollars
 * (`$x$`, not `$ x $`) and the closing dollar must not be followed by a digit
 * (`$5 and $10`); anything else goes back to the text it was.
 */
export default function remarkMathGuard() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value)
    visit(tree, 'inlineMath', (node: InlineMath, index, parent) => {
      if (!parent || index === undefined) return undefined
      const start = node.position?.start.offset
      const end = node.position?.end.offset
      if (start === undefined || end === undefined) return undefined
      const raw = source.slice(start, end)
      if (raw.startsWith('$$')) return undefined
      const inner = raw.slice(1, -1)
      const valid = inner !== '' && !/^\s|\s$/.test(inner) && !/^\d/.test(source.slice(end, end + 1))
      if (valid) return undefined
      const text: Text = { type: 'text', value: raw }
      parent.children.splice(index, 1, text)
      return SKIP
    })
  }
}
