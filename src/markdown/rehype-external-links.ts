import type { Root } from 'hast'
import { visit } from 'unist-util-visit'

/** Links in listings lead off the site: they must not get `window.opener` or a referrer. */
export default function rehypeExternalLinks() {
  return (tree: Root) => {
    visit(tree, 'element', (node) => {
      if (node.tagName === 'a' && node.properties.href !== undefined) {
        node.properties.rel = ['noopener', 'noreferrer']
      }
    })
  }
}
