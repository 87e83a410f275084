/**
 * Whole-site builds of the `basic` fixture (ICLR 2021 × 120 over two files, NeurIPS 2022 × 7),
 * asserting on the files in the output folder.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig, validateConfig } from '../../src/config.ts'
import { escapeHtml } from '../../src/html.ts'
import type { RenderedPaper, VenueYear } from '../../src/paper.ts'
import { createSiteContext } from '../../src/site/site-context.ts'
import { sitePages } from '../../src/site/venue-year-pages.ts'
import { buildFixtureSite, type FixtureBuild, fixtureDir, repoRoot, sharedCacheDir } from '../helpers/build.ts'
import { all, attr, type HtmlElement, parseHtml, text } from '../helpers/html.ts'
import { checkLinks, formatBroken } from '../helpers/link-check.ts'
import { readContent, type SourceRecord } from '../helpers/listing-reader.ts'
import { hashTree, listFiles, listHtmlFiles, readText } from '../helpers/site-files.ts'

const basicDir = fixtureDir('basic')
const records = readContent(basicDir)
const iclr = records.filter((r) => r.venue === 'iclr')
const nips = records.filter((r) => r.venue === 'nips')

let site: FixtureBuild
/** Calls that make Chromium load locale data on first use. */
const localeAware = /\bIntl\b|\.toLocale(?:String|DateString|TimeString|UpperCase|LowerCase)\b|\.localeCompare\b/g
const page = (path: string): HtmlElement => parseHtml(readText(site.out, path))
const hrefsOf = (doc: HtmlElement, selector: string) => all(doc, selector).map((e) => attr(e, 'href'))

beforeAll(async () => {
  site = await buildFixtureSite(basicDir)
})
afterAll(() => site?.cleanup())

describe('fixture', () => {
  it('has the records the tests expect', () => {
    expect(iclr).toHaveLength(120)
    expect(nips).toHaveLength(7)
    expect(new Set(iclr.map((r) => r.file))).toEqual(new Set(['ICLR/2021/ICLR-2021-list01.md', 'ICLR/2021/ICLR-2021-list02.md']))
  })
})

describe('build of the basic site', () => {
  it('succeeds without diagnostics and counts what it wrote', () => {
    const { result } = site
    expect(result.ok).toBe(true)
    expect(result.errors).toBe(0)
    expect(result.warnings).toBe(0)
    expect(result.papers).toBe(127)
    expect(result.venueYears).toBe(2)
    expect(result.outputFiles).toBe(listFiles(site.out).length)
  })

  it('writes the site-wide files', () => {
    for (const path of [
      'index.html',
      '404.html',
      'sitemap.xml',
      'robots.txt',
      'favicon.svg',
      'data/catalog.json',
      'data/iclr-2021.json',
      'data/nips-2022.json',
    ]) {
      expect(existsSync(join(site.out, path)), path).toBe(true)
    }
    const files = listFiles(site.out)
    expect(files.some((f) => /^assets\/.+\.js$/.test(f))).toBe(true)
    expect(files.some((f) => /^assets\/.+\.css$/.test(f))).toBe(true)
    expect(files).not.toContain('manifest.json')
    // Nothing of the build's own bookkeeping is left beside the output.
    expect(readdirSync(dirname(site.out)).filter((name) => name.startsWith('.papershelf-') && !name.endsWith('.spare'))).toEqual([])
  })

  // In Chromium the first locale-aware call of a page or worker loads locale data: 45–60 ms on
  // the main thread at search-page load, 13–30 ms in the worker before the first results (DESIGN).
  it('ships no locale-aware calls in the browser scripts', () => {
    const scripts = listFiles(site.out).filter((f) => /^assets\/.+\.js$/.test(f))
    expect(scripts.length).toBeGreaterThanOrEqual(3)
    for (const script of scripts) {
      const found = readText(site.out, script).match(localeAware) ?? []
      expect(found, script).toEqual([])
    }
  })

  it('home lists every venue-year with its count, newest year first', () => {
    const doc = page('index.html')
    expect(text(doc.querySelector('.lead'))).toBe('127 papers from 2 venue-years.')
    const sections = all(doc, 'section.year')
    expect(sections.map((s) => text(s.querySelector('h2')))).toEqual(['2022', '2021'])
    const items = all(doc, 'ul.venues > li')
    expect(items.map((li) => text(li.querySelector('a')))).toEqual(['NeurIPS 2022', 'ICLR 2021'])
    expect(items.map((li) => text(li.querySelector('.count')))).toEqual(['7 papers', '120 papers'])
    expect(items.map((li) => attr(li.querySelector('a') as HtmlElement, 'href'))).toEqual(['/nips/2022/', '/iclr/2021/'])
    expect(items.map((li) => attr(li.querySelector('a.data') as HtmlElement, 'href'))).toEqual(['/data/nips-2022.json', '/data/iclr-2021.json'])
  })

  it('writes listing pages at /<venue>/<year>/ and /<venue>/<year>/page/N/ only', () => {
    const listings = listHtmlFiles(site.out).filter((p) => /^[a-z]+\/\d{4}\/(page\/\d+\/)?index\.html$/.test(p))
    expect(listings.sort()).toEqual(['iclr/2021/index.html', 'iclr/2021/page/2/index.html', 'iclr/2021/page/3/index.html', 'nips/2022/index.html'])
  })

  it.each([
    { path: 'iclr/2021/index.html', range: 'Papers 1–50 of 120', first: 0, last: 49, prev: undefined, next: '/iclr/2021/page/2/' },
    { path: 'iclr/2021/page/2/index.html', range: 'Papers 51–100 of 120', first: 50, last: 99, prev: '/iclr/2021/', next: '/iclr/2021/page/3/' },
    { path: 'iclr/2021/page/3/index.html', range: 'Papers 101–120 of 120', first: 100, last: 119, prev: '/iclr/2021/page/2/', next: undefined },
    { path: 'nips/2022/index.html', range: 'Papers 1–7 of 7', first: 0, last: 6, prev: undefined, next: undefined },
  ])('listing $path shows $range with prev/next links', ({ path, range, first, last, prev, next }) => {
    const doc = page(path)
    expect(text(doc.querySelector('.lead'))).toContain(range)
    expect(attr(doc.querySelector('meta[name="description"]') as HtmlElement, 'content')).toContain(range)
    // <link rel="prev"/"next"> in the head …
    expect(hrefsOf(doc, 'head link[rel="prev"]')).toEqual(prev ? [prev] : [])
    expect(hrefsOf(doc, 'head link[rel="next"]')).toEqual(next ? [next] : [])
    // … and the same as visible links in both page navigations (none on a single page).
    const navs = all(doc, 'nav.pagination')
    expect(navs).toHaveLength(prev || next ? 2 : 0)
    for (const nav of navs) {
      expect(hrefsOf(nav, 'a[rel="prev"]')).toEqual(prev ? [prev] : [])
      expect(hrefsOf(nav, 'a[rel="next"]')).toEqual(next ? [next] : [])
      expect(all(nav, 'a[aria-current="page"]').map((a) => attr(a, 'href'))).toEqual([`/${path.replace(/index\.html$/, '')}`])
    }
    // The papers of the page, in order, each under its #p<index> anchor, numbered from `first`.
    const venue = path.split('/')[0]
    const expected = records.filter((r) => r.venue === venue).slice(first, last + 1)
    const items = all(doc, 'ol.papers > li.paper')
    expect(items.map((li) => attr(li, 'id'))).toEqual(expected.map((r) => `p${r.index}`))
    expect(items.map((li) => text(li.querySelector('h2')))).toEqual(expected.map((r) => r.title))
    expect(items.map((li) => attr(li.querySelector('h2 a') as HtmlElement, 'href'))).toEqual(expected.map((r) => `/${r.venue}/${r.year}/${r.index}/`))
    expect(items.map((li) => text(li.querySelector('.authors')))).toEqual(expected.map((r) => r.authors.join(', ')))
    expect(attr(doc.querySelector('ol.papers') as HtmlElement, 'start')).toBe(String(first + 1))
  })

  it('writes a paper page for every record with citation meta tags', () => {
    for (const record of records) {
      const doc = page(`${record.venue}/${record.year}/${record.index}/index.html`)
      const meta = (name: string) => all(doc, `head meta[name="${name}"]`).map((m) => attr(m, 'content'))
      expect(meta('citation_title')).toEqual([record.title])
      expect(meta('citation_author')).toEqual(record.authors)
      expect(meta('citation_publication_date')).toEqual([String(record.year)])
      expect(meta('citation_conference_title')).toEqual([record.venue === 'iclr' ? 'ICLR' : 'NeurIPS'])
      expect(text(doc.querySelector('h1'))).toBe(record.title)
      expect(text(doc.querySelector('title'))).toBe(`${record.title} · papershelf`)
      expect(attr(doc.querySelector('a.original') as HtmlElement, 'href')).toBe(record.url)
    }
  })

  it('links each paper page back to the listing page that holds it, at its anchor', () => {
    const cases: [SourceRecord, string][] = [
      [iclr[0] as SourceRecord, '/iclr/2021/#p0'],
      [iclr[49] as SourceRecord, '/iclr/2021/#p49'],
      [iclr[50] as SourceRecord, '/iclr/2021/page/2/#p50'],
      [iclr[75] as SourceRecord, '/iclr/2021/page/2/#p75'],
      [iclr[119] as SourceRecord, '/iclr/2021/page/3/#p119'],
      [nips[6] as SourceRecord, '/nips/2022/#p6'],
    ]
    for (const [record, listing] of cases) {
      const doc = page(`${record.venue}/${record.year}/${record.index}/index.html`)
      expect(hrefsOf(doc, 'nav.crumbs a'), record.title).toContain(listing)
    }
  })

  it('links each paper page to the previous and next paper of its venue-year', () => {
    for (const group of [iclr, nips]) {
      group.forEach((record, i) => {
        const doc = page(`${record.venue}/${record.year}/${record.index}/index.html`)
        const prev = group[i - 1]
        const next = group[i + 1]
        const route = (r: SourceRecord | undefined) => (r ? [`/${r.venue}/${r.year}/${r.index}/`] : [])
        // The links in the page carry the rel; the head does not repeat them.
        expect(hrefsOf(doc, 'head link[rel="prev"], head link[rel="next"]')).toEqual([])
        expect(hrefsOf(doc, 'nav.adjacent a[rel="prev"]')).toEqual(route(prev))
        expect(hrefsOf(doc, 'nav.adjacent a[rel="next"]')).toEqual(route(next))
        if (next) expect(text(doc.querySelector('nav.adjacent a[rel="next"]'))).toContain(next.title)
      })
    }
  })

  it('exports data/catalog.json and one file per venue-year matching the records', () => {
    const catalog = JSON.parse(readText(site.out, 'data/catalog.json')) as {
      title: string
      papers: number
      venueYears: { id: string; venue: string; name: string; year: number; count: number; url: string; data: string }[]
    }
    expect(catalog).toEqual({
      title: 'papershelf',
      papers: 127,
      venueYears: [
        { id: 'nips-2022', venue: 'nips', name: 'NeurIPS', year: 2022, count: 7, url: '/nips/2022/', data: '/data/nips-2022.json' },
        { id: 'iclr-2021', venue: 'iclr', name: 'ICLR', year: 2021, count: 120, url: '/iclr/2021/', data: '/data/iclr-2021.json' },
      ],
    })
    for (const [key, group] of [
      ['iclr-2021', iclr],
      ['nips-2022', nips],
    ] as const) {
      const data = JSON.parse(readText(site.out, `data/${key}.json`)) as { id: string; count: number; papers: Record<string, unknown>[] }
      expect(data.id).toBe(key)
      expect(data.count).toBe(group.length)
      expect(data.papers).toEqual(
        group.map((r) => ({
          id: `${r.venue}-${r.year}-${r.index}`,
          index: r.index,
          title: r.title,
          authors: r.authors,
          url: r.url,
          abstract: r.abstract,
          page: `/${r.venue}/${r.year}/${r.index}/`,
          source: { file: r.file, line: r.line },
        })),
      )
    }
  })

  it('lists every page but the 404 and search pages in sitemap.xml', () => {
    const locs = [...readText(site.out, 'sitemap.xml').matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1])
    const expected = ['/', '/nips/2022/', '/iclr/2021/', '/iclr/2021/page/2/', '/iclr/2021/page/3/', ...records.map((r) => `/${r.venue}/${r.year}/${r.index}/`)]
    expect(new Set(locs)).toEqual(new Set(expected))
    expect(locs).toHaveLength(expected.length)
    expect(readText(site.out, 'robots.txt')).toMatch(/^User-agent: \*$/m)
  })

  it('writes a 404 page that works at any address', () => {
    const doc = page('404.html')
    expect(text(doc.querySelector('h1'))).toBe('Page not found')
    expect(doc.querySelector('link[rel="canonical"]')).toBeNull()
    for (const element of all(doc, '[href], [src]')) {
      const url = attr(element, 'href') ?? attr(element, 'src') ?? ''
      expect(url, 'a relative URL would break on /a/b/c').toMatch(/^(\/|#|https?:)/)
    }
  })

  it('has no broken internal links or fragments', () => {
    const report = checkLinks(site.out, { base: '/' })
    expect(formatBroken(report.broken)).toEqual([])
    expect(report.pages).toBeGreaterThan(130)
  })
})

describe('build options', () => {
  it('--base /papers/ puts every link, asset, sitemap entry and data URL under /papers/', async () => {
    const based = await buildFixtureSite(basicDir, { config: { base: '/papers/' } })
    try {
      expect(based.result.ok).toBe(true)
      for (const path of listHtmlFiles(based.out)) {
        const doc = parseHtml(readText(based.out, path))
        for (const element of all(doc, '[href], [src], [action]')) {
          const url = attr(element, 'href') ?? attr(element, 'src') ?? attr(element, 'action') ?? ''
          if (/^https?:\/\//.test(url)) continue // links to the papers' own pages
          expect(url.startsWith('/papers/') || (url.startsWith('#') && url.length > 1), `${path}: ${url}`).toBe(true)
        }
      }
      const locs = [...readText(based.out, 'sitemap.xml').matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1] ?? '')
      expect(locs.length).toBe(132)
      expect(locs.every((loc) => loc.startsWith('/papers/'))).toBe(true)
      const catalog = JSON.parse(readText(based.out, 'data/catalog.json')) as { venueYears: { url: string; data: string }[] }
      expect(catalog.venueYears.flatMap((vy) => [vy.url, vy.data]).every((u) => u.startsWith('/papers/'))).toBe(true)
      const iclrData = JSON.parse(readText(based.out, 'data/iclr-2021.json')) as { papers: { page: string }[] }
      expect(iclrData.papers.every((p) => p.page.startsWith('/papers/iclr/2021/'))).toBe(true)
      expect(formatBroken(checkLinks(based.out, { base: '/papers/' }).broken)).toEqual([])
    } finally {
      based.cleanup()
    }
  })

  it('--site-url makes canonical, sitemap and robots.txt URLs absolute', async () => {
    const absolute = await buildFixtureSite(basicDir, { config: { base: '/papers/', siteUrl: 'https://example.org/' } })
    try {
      const doc = parseHtml(readText(absolute.out, 'iclr/2021/page/2/index.html'))
      expect(hrefsOf(doc, 'link[rel="canonical"]')).toEqual(['https://example.org/papers/iclr/2021/page/2/'])
      const locs = [...readText(absolute.out, 'sitemap.xml').matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1] ?? '')
      expect(locs.every((loc) => loc.startsWith('https://example.org/papers/'))).toBe(true)
      expect(readText(absolute.out, 'robots.txt')).toContain('Sitemap: https://example.org/papers/sitemap.xml\n')
      expect(formatBroken(checkLinks(absolute.out, { base: '/papers/', siteUrl: 'https://example.org' }).broken)).toEqual([])
    } finally {
      absolute.cleanup()
    }
  })

  it('robots.txt does not name a relative sitemap URL (the protocol wants an absolute one)', () => {
    expect(readText(site.out, 'robots.txt')).not.toMatch(/^Sitemap: \//m)
  })

  it('page size changes the pagination', async () => {
    const small = await buildFixtureSite(basicDir, { config: { pageSize: 20 } })
    try {
      expect(existsSync(join(small.out, 'iclr/2021/page/6/index.html'))).toBe(true)
      expect(existsSync(join(small.out, 'iclr/2021/page/7'))).toBe(false)
      const doc = parseHtml(readText(small.out, 'iclr/2021/page/2/index.html'))
      expect(text(doc.querySelector('.lead'))).toContain('Papers 21–40 of 120 · page 2 of 6')
      expect(all(doc, 'li.paper').map((li) => attr(li, 'id'))).toEqual(iclr.slice(20, 40).map((r) => `p${r.index}`))
      const paper = parseHtml(readText(small.out, 'iclr/2021/45/index.html'))
      expect(hrefsOf(paper, 'nav.crumbs a')).toContain('/iclr/2021/page/3/#p45')
    } finally {
      small.cleanup()
    }
  })

  it('a build with an error reports it and leaves the previous output byte-for-byte as it was', async () => {
    const work = mkdtempSync(join(tmpdir(), 'papershelf-broken-'))
    try {
      const content = join(work, 'content')
      cpSync(basicDir, content, { recursive: true })
      const out = join(work, 'site')
      const first = await buildFixtureSite(content, { out })
      expect(first.result.ok).toBe(true)
      const before = hashTree(out)
      writeFileSync(join(content, 'NIPS', '2022', 'NIPS-2022-list02.md'), brokenListing)
      const second = await buildFixtureSite(content, { out, config: { pageSize: 10 } })
      expect(second.result.ok).toBe(false)
      expect(second.result.errors).toBe(2)
      expect(second.result.outputFiles).toBe(0)
      expect(hashTree(out)).toEqual(before)
      expect(readdirSync(work).sort()).toEqual(['.papershelf-site.spare', 'content', 'site'])
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  })
})

describe('URL field', () => {
  // KNOWN BUG (src/parse, reported): the **URL** field's `[u](u)` form is read with a pattern
  // that allows no `)` in the URL, though CommonMark allows balanced parentheses in a link
  // destination. A URL such as Wikipedia's `…/Transformer_(deep_learning_architecture)` is kept
  // as the raw `[u](u)` markdown: exported that way and not linked (a regression test now).
  it('takes a URL with parentheses out of its [u](u) link', async () => {
    const work = mkdtempSync(join(tmpdir(), 'papershelf-url-'))
    try {
      const url = 'https://en.wikipedia.org/wiki/Transformer_(deep_learning_architecture)'
      mkdirSync(join(work, 'content', 'ICLR', '2021'), { recursive: true })
      writeFileSync(
        join(work, 'content', 'ICLR', '2021', 'ICLR-2021-list01.md'),
        `## [1] A title\n\n**Authors**: *A. Author*\n\n**Conference**: *iclr 2021*\n\n**URL**: [${url}](${url})\n\n**Abstract**:\n\nText.\n\n----\n`,
      )
      const built = await buildFixtureSite(join(work, 'content'), { out: join(work, 'site') })
      expect(built.result.ok).toBe(true)
      const data = JSON.parse(readText(built.out, 'data/iclr-2021.json')) as { papers: { url: string }[] }
      expect(data.papers[0]?.url).toBe(url)
      expect(hrefsOf(parseHtml(readText(built.out, 'iclr/2021/1/index.html')), 'a.original')).toEqual([url])
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  })
})

/** Two errors: a record that names another year than its folder (line 5) and a heading without a number (line 15). */
const brokenListing = `## [7] A paper filed under the wrong year

**Authors**: *Ada Lovelace*

**Conference**: *nips 2021*

**URL**: [https://example.org/7](https://example.org/7)

**Abstract**:

Text.

----

## [x] A heading without a number

**Authors**: *Alan Turing*

----
`

describe('pagination and neighbour links (property)', () => {
  const config = validateConfig({ ...defaultConfig, base: '/' })
  const context = createSiteContext(config, { css: [], js: [] })

  const paper = (index: number, title: string): RenderedPaper => ({
    id: `conf-2020-${index}`,
    venue: 'conf',
    year: 2020,
    index,
    title,
    authors: ['A. Author'],
    url: `https://example.org/${index}`,
    abstract: 'Text.',
    source: { file: 'CONF/2020/x.md', line: 1 },
    titleHtml: escapeHtml(title),
    titleText: title,
    abstractHtml: '<p>Text.</p>',
    abstractText: 'Text.',
  })

  it('every paper is on exactly one listing page, in order, over ceil(n/size) pages chained by prev/next', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat({ max: 100_000 }), { minLength: 1, maxLength: 180 }),
        fc.integer({ min: 1, max: 60 }),
        fc.string(),
        (indices, size, title) => {
          const papers = indices.map((index) => paper(index, title))
          const venueYear: VenueYear<RenderedPaper> = { key: 'conf-2020', venue: 'conf', year: 2020, name: 'CONF', papers }
          const pages = new Map<string, string>()
          for (const file of sitePages({ ...context, config: { ...config, pageSize: size } }, [venueYear])) pages.set(file.path, file.content)

          // Walk the listing pages from the first by rel=next, checking rel=prev on the way back.
          const listingPaths = [...pages.keys()].filter((p) => /^conf\/2020\/(page\/\d+\/)?index\.html$/.test(p))
          expect(listingPaths).toHaveLength(Math.ceil(papers.length / size))
          const seen: string[] = []
          let path: string | undefined = 'conf/2020/index.html'
          let previous: string | undefined
          let visited = 0
          while (path) {
            const doc = parseHtml(pages.get(path) ?? '')
            visited++
            expect(visited).toBeLessThanOrEqual(listingPaths.length)
            const prevHref = hrefsOf(doc, 'head link[rel="prev"]')
            expect(prevHref).toEqual(previous ? [`/${previous.replace(/index\.html$/, '')}`] : [])
            seen.push(...all(doc, 'li.paper').map((li) => attr(li, 'id') ?? ''))
            const next = hrefsOf(doc, 'head link[rel="next"]')[0]
            previous = path
            path = next === undefined ? undefined : `${next.slice(1)}index.html`
          }
          expect(visited).toBe(listingPaths.length)
          expect(seen).toEqual(indices.map((i) => `p${i}`))

          // Paper pages chain the same order, and each points at the listing page holding it.
          let paperPath: string | undefined = `conf/2020/${indices[0]}/index.html`
          const chain: number[] = []
          while (paperPath) {
            const doc = parseHtml(pages.get(paperPath) ?? '')
            const index = Number(paperPath.split('/')[2])
            chain.push(index)
            const position = indices.indexOf(index)
            const listing = position < size ? '/conf/2020/' : `/conf/2020/page/${Math.floor(position / size) + 1}/`
            expect(hrefsOf(doc, 'nav.crumbs a')).toContain(`${listing}#p${index}`)
            const next = hrefsOf(doc, 'nav.adjacent a[rel="next"]')[0]
            paperPath = next === undefined ? undefined : `${next.slice(1)}index.html`
            expect(chain.length).toBeLessThanOrEqual(indices.length)
          }
          expect(chain).toEqual(indices)
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('CLI', () => {
  const cli = join(repoRoot, 'bin', 'papershelf.js')
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 })
  const diagnostic = /^(?<path>[^:\n]+):(?<line>\d+):(?<column>\d+): (?<severity>error|warning): (?<reason>.+) \[(?<rule>[a-z0-9-]+)\]$/

  it('build writes the site and exits 0; check exits 0 on good content', () => {
    const work = mkdtempSync(join(tmpdir(), 'papershelf-cli-'))
    try {
      const out = join(work, 'site')
      const build = run('build', '--content', basicDir, '--out', out, '--cache-dir', sharedCacheDir)
      expect(build.status, build.stderr).toBe(0)
      expect(build.stderr).toMatch(/Built 127 papers \(2 venue-years\)/)
      expect(existsSync(join(out, 'iclr/2021/page/3/index.html'))).toBe(true)
      const check = run('check', '--content', basicDir)
      expect(check.status, check.stderr).toBe(0)
      expect(check.stderr).toMatch(/Checked 3 listing files, 127 papers in .*: 0 errors, 0 warnings/)
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  })

  it('check and build exit 1 on errors, with compiler-style diagnostics', () => {
    const work = mkdtempSync(join(tmpdir(), 'papershelf-cli-'))
    try {
      const content = join(work, 'content')
      cpSync(basicDir, content, { recursive: true })
      const broken = join(content, 'NIPS', '2022', 'NIPS-2022-list02.md')
      writeFileSync(broken, brokenListing)
      const out = join(work, 'site')
      const check = spawnSync(process.execPath, [cli, 'check', '--content', 'content'], { cwd: work, encoding: 'utf8', timeout: 60_000 })
      expect(check.status).toBe(1)
      const lines = check.stderr.split('\n').filter((line) => diagnostic.test(line))
      expect(lines).toHaveLength(2)
      const parsed = lines.map((line) => diagnostic.exec(line)?.groups ?? {})
      expect(parsed.map((d) => [d.path, d.line, d.column, d.severity, d.rule])).toEqual([
        ['content/NIPS/2022/NIPS-2022-list02.md', '5', '17', 'error', 'conference-mismatch'],
        ['content/NIPS/2022/NIPS-2022-list02.md', '15', '1', 'error', 'malformed-heading'],
      ])
      expect(check.stderr).toMatch(/2 errors/)

      const json = spawnSync(process.execPath, [cli, 'check', '--content', 'content', '--format', 'json'], { cwd: work, encoding: 'utf8', timeout: 60_000 })
      expect(json.status).toBe(1)
      const report = JSON.parse(json.stdout) as { errors: number; messages: { file: string; line: number; rule: string; severity: string }[] }
      expect(report.errors).toBe(2)
      expect(report.messages.map((m) => [m.line, m.rule, m.severity]).sort()).toEqual([
        [15, 'malformed-heading', 'error'],
        [5, 'conference-mismatch', 'error'],
      ])

      const build = spawnSync(process.execPath, [cli, 'build', '--content', 'content', '--out', out, '--cache-dir', sharedCacheDir], {
        cwd: work,
        encoding: 'utf8',
        timeout: 60_000,
      })
      expect(build.status).toBe(1)
      expect(build.stderr.split('\n').filter((line) => diagnostic.test(line))).toEqual(lines)
      expect(build.stderr).toMatch(/Build failed: 2 errors/)
      expect(existsSync(out)).toBe(false)
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  })

  it('rejects an unknown command with exit 2', () => {
    const result = run('frobnicate')
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/Unknown command frobnicate/)
  })
})
