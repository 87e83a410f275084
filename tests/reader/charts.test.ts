import { HtmlValidate, StaticConfigLoader } from 'html-validate'
import { describe, expect, it } from 'vitest'
import { type ChartDocumentLike, type ChartElementLike, chartNodeElement, resultsByVenueYearChartElements } from '../../src/reader/chart-dom.ts'
import { chartLayout, niceStep, palette, type VenueYearCount } from '../../src/reader/chart-layout.ts'
import { chartSvgTree, svgNamespace } from '../../src/reader/chart-tree.ts'
import { papersPerVenueYearChart, resultsByVenueYearChart } from '../../src/reader/charts.ts'
import { makePaper, makeVenueYear } from './helpers.ts'
import { parseXml, type XmlElement } from './xml.ts'

const counts: VenueYearCount[] = [
  { venue: 'nips', name: 'NeurIPS', year: 2022, count: 300 },
  { venue: 'iclr', name: 'ICLR', year: 2021, count: 860 },
  { venue: 'iclr', name: 'ICLR', year: 2022, count: 0 },
  { venue: 'nips', name: 'NeurIPS', year: 2023, count: 1000 },
]
const options = { title: 'Papers', idPrefix: 'p' }

describe('chartLayout', () => {
  const layout = chartLayout(counts, options)

  it('should draw one bar per venue-year of the input, zero counts with zero height', () => {
    expect(layout.bars.map((bar) => `${bar.venue}-${bar.year}:${bar.count}`).sort()).toEqual([
      'iclr-2021:860',
      'iclr-2022:0',
      'nips-2022:300',
      'nips-2023:1000',
    ])
    expect(layout.bars.find((bar) => bar.count === 0)?.height).toBe(0)
    expect(layout.years.map((label) => label.year)).toEqual([2021, 2022, 2023])
  })

  it('should make bar heights proportional to counts and stand them on the axis', () => {
    const scale = layout.plot.height / (layout.ticks.at(-1)?.value as number)
    for (const bar of layout.bars) {
      expect(bar.height).toBeCloseTo(bar.count * scale, 1)
      expect(bar.y + bar.height).toBeCloseTo(layout.plot.y + layout.plot.height, 1)
    }
    expect(layout.ticks.map((tick) => tick.label)).toEqual(['0', '200', '400', '600', '800', '1,000'])
  })

  it('should keep bars inside their year group and the plot, without overlaps', () => {
    for (const year of [2021, 2022, 2023]) {
      const bars = layout.bars.filter((bar) => bar.year === year)
      const label = layout.years.find((y) => y.year === year)
      const sorted = [...bars].sort((a, b) => a.x - b.x)
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]?.x).toBeGreaterThanOrEqual((sorted[i - 1]?.x as number) + (sorted[i - 1]?.width as number))
      for (const bar of bars) {
        expect(bar.x).toBeGreaterThanOrEqual(layout.plot.x)
        expect(bar.x + bar.width).toBeLessThanOrEqual(layout.plot.x + layout.plot.width)
        expect(Math.abs(bar.x + bar.width / 2 - (label?.x as number))).toBeLessThan(layout.plot.width / layout.years.length / 2)
      }
    }
  })

  it('should not depend on the order of the input, and should add up repeated venue-years', () => {
    expect(chartLayout([...counts].reverse(), options)).toEqual(layout)
    const doubled = chartLayout([...counts, { venue: 'iclr', name: 'ICLR', year: 2021, count: 140 }], options)
    expect(doubled.bars.find((bar) => bar.venue === 'iclr' && bar.year === 2021)?.count).toBe(1000)
  })

  it('should table every venue-year, telling a missing entry from a zero', () => {
    expect(layout.table.series.map((s) => s.name)).toEqual(['ICLR', 'NeurIPS'])
    expect(layout.table.cells).toEqual([
      [860, undefined],
      [0, 300],
      [undefined, 1000],
    ])
  })

  it('should cope with no data and with only zeros', () => {
    const empty = chartLayout([], options)
    expect(empty.bars).toEqual([])
    expect(empty.description).toBe('No papers.')
    const zeros = chartLayout([{ venue: 'iclr', name: 'ICLR', year: 2021, count: 0 }], options)
    expect(zeros.bars[0]?.height).toBe(0)
    expect(zeros.ticks.map((tick) => tick.value)).toEqual([0, 1])
  })

  it('should pick steps of 1, 2 or 5 times a power of ten', () => {
    expect([0, 3, 7, 10, 860, 1000, 3540].map(niceStep)).toEqual([1, 1, 2, 2, 200, 200, 1000])
  })

  it('should tell venues apart by pattern once the colours run out', () => {
    const many = Array.from({ length: 18 }, (_, i) => ({
      venue: `v${String(i).padStart(2, '0')}`,
      name: `V${String(i).padStart(2, '0')}`,
      year: 2021,
      count: i,
    }))
    const styles = chartLayout(many, options).series.map((s) => `${s.colour}/${s.pattern}`)
    expect(new Set(styles).size).toBe(18)
    expect(chartLayout(many, options).patterns).toEqual(['stripes', 'dots'])
  })

  it('should make ids safe', () => {
    expect(chartLayout(counts, { title: 't', idPrefix: '1 "x"' }).idPrefix).toBe('chart-1--x-')
  })
})

/** WCAG relative luminance and contrast. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

describe('palette', () => {
  it('should contrast 3:1 with both the light and the dark background', () => {
    for (const colour of palette) {
      expect(contrast(colour, '#ffffff'), colour).toBeGreaterThanOrEqual(3)
      expect(contrast(colour, '#0d1117'), colour).toBeGreaterThanOrEqual(3)
    }
  })
})

const hostile: VenueYearCount[] = [
  { venue: 'x', name: '<script>alert(1)</script>', year: 2021, count: 2 },
  { venue: 'y', name: 'A & B "quoted" \'single\'', year: 2022, count: 1 },
]

function find(node: XmlElement, tag: string): XmlElement[] {
  return [...(node.tag === tag ? [node] : []), ...node.children.flatMap((child) => find(child, tag))]
}

describe('string charts', () => {
  it('should be well-formed XML with an accessible name and description', () => {
    const svg = parseXml(resultsByVenueYearChart(counts).svg.value)
    expect(svg.tag).toBe('svg')
    const attrs = Object.fromEntries(svg.attrs)
    expect(attrs.role).toBe('img')
    expect(attrs.xmlns).toBe(svgNamespace)
    const ids = (attrs['aria-labelledby'] as string).split(' ')
    const byId = (id: string | undefined) => [...find(svg, 'title'), ...find(svg, 'desc')].find((node) => node.attrs.some(([n, v]) => n === 'id' && v === id))
    expect(ids).toHaveLength(2)
    expect(byId(ids[0])?.tag).toBe('title')
    expect(byId(ids[0])?.text).toBe('Results per venue and year')
    expect(byId(ids[1])?.tag).toBe('desc')
    expect(byId(ids[1])?.text).toContain('Largest: NeurIPS 2023: 1,000 results.')
    expect(find(svg, 'rect').length).toBe(2 + 4)
  })

  it('should escape venue names in text and tooltips', () => {
    const chart = resultsByVenueYearChart(hostile)
    for (const markup of [chart.svg.value, chart.table.value]) {
      expect(markup).not.toContain('<script>')
      const tree = parseXml(markup)
      const texts = JSON.stringify(tree)
      expect(texts).toContain('<script>alert(1)</script>')
      expect(texts).toContain('A & B \\"quoted\\" \'single\'')
    }
    expect(chart.svg.value).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; 2021: 2 results</title>')
  })

  it('should chart the papers of venue-years and give a table of the numbers', () => {
    const chart = papersPerVenueYearChart([
      makeVenueYear('iclr', 'ICLR', 2021, [makePaper({ index: 1 }), makePaper({ index: 2 })]),
      makeVenueYear('nips', 'NeurIPS', 2021, [makePaper({ index: 3, venue: 'nips' })]),
    ])
    const table = parseXml(chart.table.value)
    expect(find(table, 'caption')[0]?.text).toBe('Papers per venue and year')
    expect(find(table, 'tr').map((row) => row.children.map((cell) => cell.text))).toEqual([
      ['Year', 'ICLR', 'NeurIPS'],
      ['2021', '2', '1'],
    ])
    expect(find(parseXml(chart.svg.value), 'title').map((t) => t.text)).toEqual(['Papers per venue and year', 'ICLR 2021: 2 papers', 'NeurIPS 2021: 1 paper'])
  })

  it('should be valid in an HTML page', () => {
    const chart = resultsByVenueYearChart([
      ...counts,
      ...hostile,
      ...Array.from({ length: 9 }, (_, i) => ({ venue: `v${i}`, name: `V${i}`, year: 2020, count: i })),
    ])
    const page = `<!doctype html><html lang="en"><head><title>Chart</title></head><body><main><h1>Chart</h1><figure>${chart.svg.value}</figure>${chart.table.value}</main></body></html>`
    const validator = new HtmlValidate(
      new StaticConfigLoader({ extends: ['html-validate:recommended'], rules: { 'doctype-style': ['error', { style: 'lowercase' }] } }),
    )
    const report = validator.validateStringSync(page)
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([])
  })
})

/** A stand-in for the DOM: records what the renderer does, and nothing else. */
class FakeElement implements ChartElementLike<FakeElement> {
  readonly attrs: [string, string][] = []
  readonly children: FakeElement[] = []
  textContent: string | null = null
  constructor(
    readonly namespace: string,
    readonly tag: string,
  ) {}
  setAttribute(name: string, value: string): void {
    this.attrs.push([name, value])
  }
  append(...nodes: FakeElement[]): void {
    this.children.push(...nodes)
  }
}
const fakeDocument: ChartDocumentLike<FakeElement> = { createElementNS: (namespace, tag) => new FakeElement(namespace, tag) }

function fromFake(element: FakeElement): XmlElement {
  return { tag: element.tag, attrs: element.attrs, children: element.children.map(fromFake), text: element.textContent ?? '' }
}
function withoutXmlns(element: XmlElement): XmlElement {
  return { ...element, attrs: element.attrs.filter(([name]) => name !== 'xmlns'), children: element.children.map(withoutXmlns) }
}

describe('DOM charts', () => {
  it('should build the same elements as the string renderer, in the right namespaces', () => {
    for (const input of [counts, hostile, []]) {
      const { svg, table } = resultsByVenueYearChartElements(input, fakeDocument)
      const markup = resultsByVenueYearChart(input)
      expect(fromFake(svg)).toEqual(withoutXmlns(parseXml(markup.svg.value)))
      expect(fromFake(table)).toEqual(parseXml(markup.table.value))
      expect(svg.namespace).toBe(svgNamespace)
      expect(table.namespace).toBe('http://www.w3.org/1999/xhtml')
    }
  })

  it('should put names in as text, never as markup', () => {
    const svg = chartNodeElement(chartSvgTree(chartLayout(hostile, options)), fakeDocument, svgNamespace)
    const texts = (function collect(element: FakeElement): string[] {
      return [element.textContent ?? '', ...element.children.flatMap(collect)]
    })(svg)
    expect(texts).toContain('<script>alert(1)</script>')
  })

  it('should accept the real DOM types', () => {
    // Compile-time check: a DOM Document and Element satisfy the renderer's interfaces.
    const draw = (doc: Document): Element => resultsByVenueYearChartElements(counts, doc).svg
    expect(typeof draw).toBe('function')
  })
})
