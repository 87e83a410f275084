import type { Root } from 'hast'
import { SKIP, visit } from 'unist-util-visit'

/**
 * Links in listings lead off the site: they must not get `window.opener` or a referrer. A link
 * whose URL the sanitizer removed (`javascript:`, `data:`, `ftp:`) is no link: its text remains.
 */
export default function rehypeExternalLinks() {
  return (tree: Root) => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'a') return undefined
      if (node.properties.href === undefined) {
        if (!parent || index === undefined) return undefined
        parent.children.splice(index, 1, ...node.children)
        return [SKIP, index]
      }
      node.properties.rel = ['noopener', 'noreferrer']
      return undefined
    })
  }
}
