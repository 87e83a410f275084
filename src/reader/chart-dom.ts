import { type ChartOptions, chartLayout, resultsChartDefaults, type VenueYearCount } from './chart-layout.ts'
import { type ChartNode, chartSvgTree, chartTableTree, svgNamespace } from './chart-tree.ts'

const htmlNamespace = 'http://www.w3.org/1999/xhtml'

/** What the renderer needs of an element; a DOM `Element` is one. */
export interface ChartElementLike<E> {
  setAttribute(name: string, value: string): void
  append(...nodes: E[]): void
  textContent: string | null
}

/** What the renderer needs of a document; the DOM `Document` is one. */
export interface ChartDocumentLike<E extends ChartElementLike<E>> {
  createElementNS(namespace: string, qualifiedName: string): E
}

/**
 * Build a chart tree with DOM calls: no `innerHTML`, so names reach the page only as text and
 * attribute values. `xmlns` is skipped: `createElementNS` already puts elements in it.
 */
export function chartNodeElement<E extends ChartElementLike<E>>(node: ChartNode, doc: ChartDocumentLike<E>, namespace: string): E {
  const element = doc.createElementNS(namespace, node.tag)
  for (const [name, value] of node.attrs) if (name !== 'xmlns') element.setAttribute(name, value)
  if (node.text !== undefined) element.textContent = node.text
  else element.append(...node.children.map((child) => chartNodeElement(child, doc, namespace)))
  return element
}

/** The search results chart as DOM elements: the SVG and the table of its numbers. */
export function resultsByVenueYearChartElements<E extends ChartElementLike<E>>(
  counts: readonly VenueYearCount[],
  doc: ChartDocumentLike<E>,
  options: Partial<ChartOptions> = {},
  tableClass?: string,
): { svg: E; table: E } {
  const layout = chartLayout(counts, { ...resultsChartDefaults, ...options })
  return { svg: chartNodeElement(chartSvgTree(layout), doc, svgNamespace), table: chartNodeElement(chartTableTree(layout, tableClass), doc, htmlNamespace) }
}
