import type { Heading, Image, Paragraph, Root, Text } from 'mdast'
import { toString as mdastToString } from 'mdast-util-to-string'
import { SKIP, visit } from 'unist-util-visit'

/**
 * Listings are text with a little markdown, not HTML documents. Raw HTML is shown as the text
 * it is (an abstract that says `x < y and z > w` keeps its words), headings become paragraphs
 * (a page has one h1), and images become their alt text (no third-party requests).
 */
export default function remarkListingText() {
  return (tree: Root) => {
    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return
      if (node.type === 'html') {
        const text: Text = { type: 'text', value: node.value }
        if (parent.type === 'root' || parent.type === 'blockquote' || parent.type === 'listItem') {
          const paragraph: Paragraph = { type: 'paragraph', children: [text] }
          parent.children.splice(index, 1, paragraph)
        } else {
          parent.children.splice(index, 1, text)
        }
        return SKIP
      }
      if (node.type === 'heading') {
        const paragraph: Paragraph = { type: 'paragraph', children: (node as Heading).children }
        parent.children.splice(index, 1, paragraph)
        return SKIP
      }
      if (node.type === 'image') {
        const text: Text = { type: 'text', value: (node as Image).alt ?? mdastToString(node) }
        parent.children.splice(index, 1, text)
        return SKIP
      }
      return undefined
    })
  }
}
