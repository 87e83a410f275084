import type { BarPattern, ChartLayout, SeriesStyle } from './chart-layout.ts'
import { formatCount } from './format-count.ts'

/**
 * The elements of a chart as plain data, built once from a layout and rendered either as an
 * escaped string (`charts.ts`) or with DOM calls (`chart-dom.ts`). Having one tree makes the
 * two outputs the same by construction. An element holds either text or child elements.
 */
export interface ChartNode {
  tag: string
  /** Attributes in output order. */
  attrs: [string, string][]
  children: ChartNode[]
  text?: string
}

export const svgNamespace = 'http://www.w3.org/2000/svg'

function el(tag: string, attrs: Record<string, string | number>, children: ChartNode[] = []): ChartNode {
  return { tag, attrs: Object.entries(attrs).map(([name, value]) => [name, String(value)]), children }
}

function textEl(tag: string, attrs: Record<string, string | number>, text: string): ChartNode {
  return { ...el(tag, attrs), text }
}

function patternDef(idPrefix: string, pattern: Exclude<BarPattern, 'solid'>): ChartNode {
  const id = `${idPrefix}-${pattern}`
  return pattern === 'stripes'
    ? el('pattern', { id, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, [
        el('rect', { width: 2, height: 6, fill: 'currentColor' }),
      ])
    : el('pattern', { id, width: 6, height: 6, patternUnits: 'userSpaceOnUse' }, [el('circle', { cx: 3, cy: 3, r: 1.5, fill: 'currentColor' })])
}

/** A rectangle in a venue's colour, with its pattern laid over it. */
function styledRects(idPrefix: string, style: SeriesStyle, rect: { x: number; y: number; width: number; height: number }): ChartNode[] {
  const box = { x: rect.x, y: rect.y, width: rect.width, height: rect.height }
  const rects = [el('rect', { ...box, fill: style.colour })]
  if (style.pattern !== 'solid') rects.push(el('rect', { ...box, fill: `url(#${idPrefix}-${style.pattern})` }))
  return rects
}

/**
 * The `<svg>`: an image (`role="img"`) named by its `<title>` and described by its `<desc>`;
 * each bar group carries a `<title>` as a tooltip for pointer users. Text and axes use
 * `currentColor`, so they follow the page's light or dark colour scheme.
 */
export function chartSvgTree(layout: ChartLayout): ChartNode {
  const id = layout.idPrefix
  const { plot } = layout
  const children: ChartNode[] = [textEl('title', { id: `${id}-title` }, layout.title), textEl('desc', { id: `${id}-desc` }, layout.description)]
  if (layout.patterns.length > 0)
    children.push(
      el(
        'defs',
        {},
        layout.patterns.map((pattern) => patternDef(id, pattern)),
      ),
    )
  children.push(
    el(
      'g',
      { class: 'chart-legend' },
      layout.legend.flatMap((item) => [
        ...styledRects(id, item, item.swatch),
        textEl('text', { x: item.textX, y: item.textY, fill: 'currentColor' }, item.name),
      ]),
    ),
    el(
      'g',
      { class: 'chart-y-axis' },
      layout.ticks.flatMap((tick) => [
        el('line', { x1: plot.x, x2: plot.x + plot.width, y1: tick.y, y2: tick.y, stroke: 'currentColor', 'stroke-opacity': '0.2' }),
        textEl('text', { x: plot.x - 6, y: tick.y, 'text-anchor': 'end', 'dominant-baseline': 'middle', fill: 'currentColor' }, tick.label),
      ]),
    ),
    el(
      'g',
      { class: 'chart-bars' },
      layout.bars.map((bar) => el('g', {}, [textEl('title', {}, bar.label), ...styledRects(id, bar, bar)])),
    ),
    el('g', { class: 'chart-x-axis' }, [
      el('line', { x1: plot.x, x2: plot.x + plot.width, y1: plot.y + plot.height, y2: plot.y + plot.height, stroke: 'currentColor' }),
      ...layout.years.map((year) => textEl('text', { x: year.x, y: year.y, 'text-anchor': 'middle', fill: 'currentColor' }, String(year.year))),
    ]),
  )
  return el(
    'svg',
    {
      xmlns: svgNamespace,
      class: 'chart',
      role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
      width: layout.width,
      height: layout.height,
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      'font-size': 12,
    },
    children,
  )
}

/**
 * The numbers as a `<table>`: a row per year, a column per venue. For screen readers (which
 * get only the summary from the image) and for readers without SVG. A venue with no entry in
 * a year shows `–`, which is not the same as `0`.
 */
export function chartTableTree(layout: ChartLayout, className = 'chart-data visually-hidden'): ChartNode {
  const { table } = layout
  return el('table', { class: className }, [
    textEl('caption', {}, layout.title),
    el('thead', {}, [el('tr', {}, [textEl('th', { scope: 'col' }, 'Year'), ...table.series.map((style) => textEl('th', { scope: 'col' }, style.name))])]),
    el(
      'tbody',
      {},
      table.years.map((year, i) =>
        el('tr', {}, [
          textEl('th', { scope: 'row' }, String(year)),
          ...(table.cells[i] ?? []).map((cell) => textEl('td', {}, cell === undefined ? '–' : formatCount(cell))),
        ]),
      ),
    ),
  ])
}
