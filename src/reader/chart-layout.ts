import { compareCodePoints } from './fold.ts'
import { formatCount } from './format-count.ts'

/**
 * Geometry of a grouped bar chart of paper counts: one group per year, one bar per venue. Pure
 * arithmetic, with no DOM or Node dependency, so that the build (string SVG, `charts.ts`) and
 * the search page (DOM, `chart-dom.ts`) draw the same chart.
 */

/** Papers of one venue in one year. */
export interface VenueYearCount {
  /** Venue key (`iclr`); bars of one key share a colour. */
  venue: string
  /** Display name (`ICLR`). */
  name: string
  year: number
  count: number
}

/** Fill of a venue's bars besides its colour; patterns tell venues apart once colours repeat. */
export type BarPattern = 'solid' | 'stripes' | 'dots'

/** How one venue is drawn. */
export interface SeriesStyle {
  venue: string
  name: string
  colour: string
  pattern: BarPattern
}

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface Bar extends Rect, SeriesStyle {
  year: number
  count: number
  /** `ICLR 2021: 860 papers`, the bar's tooltip. */
  label: string
}

export interface LegendItem extends SeriesStyle {
  swatch: Rect
  /** Baseline start of the name. */
  textX: number
  textY: number
}

export interface Tick {
  value: number
  y: number
  label: string
}

export interface YearLabel {
  year: number
  x: number
  y: number
}

/** The numbers behind the chart, for the data table. */
export interface ChartTable {
  years: number[]
  series: SeriesStyle[]
  /** `cells[yearIndex][seriesIndex]`; `undefined` where the venue has no entry that year. */
  cells: (number | undefined)[][]
}

export interface ChartLayout {
  width: number
  height: number
  /** Area of the bars, inside the axes. */
  plot: Rect
  title: string
  description: string
  /** Prefix of the ids inside the chart; unique per page. */
  idPrefix: string
  series: SeriesStyle[]
  legend: LegendItem[]
  ticks: Tick[]
  years: YearLabel[]
  /** One per venue-year of the input, zero counts included (with zero height). */
  bars: Bar[]
  /** Patterns some bar uses, for the renderers' `<defs>`. */
  patterns: Exclude<BarPattern, 'solid'>[]
  table: ChartTable
}

export interface ChartOptions {
  /** Accessible name of the chart and caption of its table. */
  title: string
  /** Prefix of ids inside the chart; two charts on one page need different ones. */
  idPrefix: string
  /** Unit for labels, singular and plural; `paper`/`papers` by default. */
  unit?: readonly [string, string]
}

/** Title, ids and unit of the search results chart, the same in the build and the browser. */
export const resultsChartDefaults: ChartOptions = { title: 'Results per venue and year', idPrefix: 'results-chart', unit: ['result', 'results'] }

/**
 * Bar colours. Each has a contrast of at least 3:1 (WCAG 1.4.11, graphical objects) against
 * both the light (`#fff`) and the dark (`#0d1117`) page background; text is `currentColor`.
 */
export const palette = ['#3b6fd4', '#c8541a', '#22884a', '#9b59d0', '#d1344f', '#12827c', '#b6439a', '#8a7a12'] as const
const patterns: readonly BarPattern[] = ['solid', 'stripes', 'dots']

// Sizes in CSS pixels at the SVG's natural size; the SVG scales with its viewBox.
const barWidth = 12
const barGap = 2
const groupPadding = 8
const plotHeight = 180
const minWidth = 320
const marginRight = 12
const marginBottom = 28
const legendRowHeight = 20
const swatchSize = 12
// Text is not measured at build time; 7px per character over-estimates 12px sans-serif text.
const charWidth = 7

/** Coordinates rounded to 1/100 px, so output is short and does not differ by float noise. */
function round(value: number): number {
  return Math.round(value * 100) / 100
}

/** A step of 1, 2 or 5 × 10ⁿ giving at most about five ticks up to `max`. */
export function niceStep(max: number): number {
  if (max <= 0) return 1
  const raw = max / 5
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) as number
  return Math.max(1, step)
}

/** Ids must be valid XML names and match `aria-labelledby`; anything else is replaced. */
function safeIdPrefix(prefix: string): string {
  const cleaned = prefix.replace(/[^A-Za-z0-9_-]/g, '-')
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `chart-${cleaned}`
}

function countLabel(count: number, unit: readonly [string, string]): string {
  return `${formatCount(count)} ${count === 1 ? unit[0] : unit[1]}`
}

/** Lay out a grouped bar chart of `counts`; entries for the same venue and year are added up. */
export function chartLayout(counts: readonly VenueYearCount[], options: ChartOptions): ChartLayout {
  const unit = options.unit ?? ['paper', 'papers']
  const idPrefix = safeIdPrefix(options.idPrefix)
  const totals = new Map<string, Map<number, number>>()
  const names = new Map<string, string>()
  for (const entry of counts) {
    const count = Number.isFinite(entry.count) ? Math.max(0, Math.round(entry.count)) : 0
    const byYear = totals.get(entry.venue) ?? new Map<number, number>()
    byYear.set(entry.year, (byYear.get(entry.year) ?? 0) + count)
    totals.set(entry.venue, byYear)
    if (!names.has(entry.venue)) names.set(entry.venue, entry.name)
  }
  // Sorted by name, so the colours of a chart do not depend on the order of the input.
  const venues = [...names.keys()].sort((a, b) => compareCodePoints(names.get(a) as string, names.get(b) as string) || compareCodePoints(a, b))
  const series: SeriesStyle[] = venues.map((venue, i) => ({
    venue,
    name: names.get(venue) as string,
    colour: palette[i % palette.length] as string,
    pattern: patterns[Math.floor(i / palette.length) % patterns.length] as BarPattern,
  }))
  const years = [...new Set(counts.map((entry) => entry.year))].sort((a, b) => a - b)
  const max = Math.max(0, ...[...totals.values()].flatMap((byYear) => [...byYear.values()]))
  const step = niceStep(max)
  const yMax = Math.max(step, Math.ceil(max / step) * step)

  const tickLabels: string[] = []
  for (let value = 0; value <= yMax; value += step) tickLabels.push(formatCount(value))
  const marginLeft = 12 + charWidth * Math.max(...tickLabels.map((label) => label.length))
  const innerGroup = series.length * barWidth + Math.max(0, series.length - 1) * barGap
  const width = Math.max(minWidth, marginLeft + years.length * (innerGroup + 2 * groupPadding) + marginRight)

  // The legend wraps into rows across the chart's width, above the plot.
  const legend: LegendItem[] = []
  let x = marginLeft
  let row = 0
  for (const style of series) {
    const itemWidth = swatchSize + 6 + charWidth * [...style.name].length + 16
    if (x > marginLeft && x + itemWidth > width - marginRight) {
      x = marginLeft
      row++
    }
    const y = 8 + row * legendRowHeight
    legend.push({ ...style, swatch: { x, y, width: swatchSize, height: swatchSize }, textX: x + swatchSize + 6, textY: y + swatchSize - 2 })
    x += itemWidth
  }
  const legendHeight = series.length === 0 ? 0 : (row + 1) * legendRowHeight
  const plot: Rect = { x: marginLeft, y: 8 + legendHeight + 8, width: width - marginLeft - marginRight, height: plotHeight }
  const height = plot.y + plot.height + marginBottom
  const yOf = (value: number) => round(plot.y + plot.height - (value / yMax) * plot.height)

  const groupWidth = years.length === 0 ? 0 : plot.width / years.length
  const bars: Bar[] = []
  const yearLabels: YearLabel[] = []
  years.forEach((year, i) => {
    const groupX = plot.x + i * groupWidth
    yearLabels.push({ year, x: round(groupX + groupWidth / 2), y: plot.y + plot.height + 18 })
    series.forEach((style, j) => {
      const count = totals.get(style.venue)?.get(year)
      if (count === undefined) return
      const barHeight = round((count / yMax) * plot.height)
      bars.push({
        ...style,
        year,
        count,
        x: round(groupX + (groupWidth - innerGroup) / 2 + j * (barWidth + barGap)),
        y: round(plot.y + plot.height - barHeight),
        width: barWidth,
        height: barHeight,
        label: `${style.name} ${year}: ${countLabel(count, unit)}`,
      })
    })
  })

  const ticks = tickLabels.map((label, i) => ({ value: i * step, y: yOf(i * step), label }))
  const table: ChartTable = { years, series, cells: years.map((year) => series.map((style) => totals.get(style.venue)?.get(year))) }
  return {
    width: round(width),
    height,
    plot,
    title: options.title,
    description: describe(bars, years, series, unit),
    idPrefix,
    series,
    legend,
    ticks,
    years: yearLabels,
    bars,
    patterns: patterns.filter((pattern): pattern is Exclude<BarPattern, 'solid'> => pattern !== 'solid' && series.some((s) => s.pattern === pattern)),
    table,
  }
}

/** A sentence for `<desc>`: what is drawn and the largest bar; the table has every number. */
function describe(bars: readonly Bar[], years: readonly number[], series: readonly SeriesStyle[], unit: readonly [string, string]): string {
  if (bars.length === 0) return `No ${unit[1]}.`
  const span = years.length === 1 ? `in ${years[0]}` : `from ${years[0]} to ${years.at(-1)}`
  const venues = series.length === 1 ? '1 venue' : `${series.length} venues`
  const top = bars.reduce((best, bar) => (bar.count > best.count ? bar : best))
  const total = bars.reduce((sum, bar) => sum + bar.count, 0)
  return `Bar chart of ${unit[1]} per year for ${venues}, ${span}; ${countLabel(total, unit)} in all. Largest: ${top.label}. The table with the chart lists every number.`
}
