import { type Html, html } from '../html.ts'
import type { PaperSummary, VenueYear } from '../paper.ts'
import { type ChartLayout, type ChartOptions, chartLayout, resultsChartDefaults, type VenueYearCount } from './chart-layout.ts'
import { type ChartNode, chartSvgTree, chartTableTree } from './chart-tree.ts'

/** A chart as markup: the SVG and the table of its numbers, to be placed together. */
export interface RenderedChart {
  svg: Html
  table: Html
}

/** Serialize a chart tree; every attribute value and text goes through `html`, so is escaped. */
export function renderChartNode(node: ChartNode): Html {
  const attrs = node.attrs.map(([name, value]) => html` ${name}="${value}"`)
  // Containers get a line per child, so the output reads and diffs well.
  const content = node.text ?? (node.children.length === 0 ? '' : node.children.map((child) => html`\n${renderChartNode(child)}`).concat(html`\n`))
  return html`<${node.tag}${attrs}>${content}</${node.tag}>`
}

/** Render a laid-out chart as SVG and table markup. */
export function renderChart(layout: ChartLayout, tableClass?: string): RenderedChart {
  return { svg: renderChartNode(chartSvgTree(layout)), table: renderChartNode(chartTableTree(layout, tableClass)) }
}

/** Papers per venue and year over the whole site, drawn at build time. */
export function papersPerVenueYearChart(venueYears: readonly VenueYear<PaperSummary>[], options: Partial<ChartOptions> = {}): RenderedChart {
  const counts = venueYears.map((venueYear) => ({ venue: venueYear.venue, name: venueYear.name, year: venueYear.year, count: venueYear.papers.length }))
  return renderChart(chartLayout(counts, { title: 'Papers per venue and year', idPrefix: 'papers-chart', ...options }))
}

/** Search results per venue and year, as markup (the search page draws it with `chart-dom.ts`). */
export function resultsByVenueYearChart(counts: readonly VenueYearCount[], options: Partial<ChartOptions> = {}): RenderedChart {
  return renderChart(chartLayout(counts, { ...resultsChartDefaults, ...options }))
}
