import type { Root } from 'hast'
import { SKIP, visit } from 'unist-util-visit'

/**
 * Links in listings lead off the site: they must not get `window.opener` or a referrer. A link
 * whose URL the sanitizer removed (`javascript:`, `data:`, `ftp:`), or that is not an absolute
 * http(s) URL (`/admin`, `//host/x`, which the sanitizer's protocol list does not catch), is no
 * link: its text remains.
 */
export default function rehypeExternalLinks() {
  return (tree: Root) => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'a') return undefined
      const href = node.properties.href
      if (typeof href !== 'string' || !/^https?:\/\/[^/]/i.test(href)) {
        if (!parent || index === undefined) return undefined
        parent.children.splice(index, 1, ...node.children)
        return [SKIP, index]
      }
      node.properties.rel = ['noopener', 'noreferrer']
      return undefined
    })
  }
}
