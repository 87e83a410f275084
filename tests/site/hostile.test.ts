/**
 * The `hostile` fixture: titles, authors, URLs and abstracts full of markup, event-handler
 * attributes and `javascript:`/`data:` URLs. Every page must show them as text and carry no
 * script but the bundle, no event handler and no dangerous URL. (The same pages in a real
 * browser: tests/e2e/hostile.e2e.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildFixtureSite, type FixtureBuild, fixtureDir } from '../helpers/build.ts'
import { all, attr, type HtmlElement, parseHtml, text } from '../helpers/html.ts'
import { readContent } from '../helpers/listing-reader.ts'
import { listHtmlFiles, readText } from '../helpers/site-files.ts'

const records = readContent(fixtureDir('hostile'))
let site: FixtureBuild
let pages: { path: string; source: string; doc: HtmlElement }[]

beforeAll(async () => {
  site = await buildFixtureSite(fixtureDir('hostile'))
  expect(site.result.ok).toBe(true)
  pages = listHtmlFiles(site.out).map((path) => {
    const source = readText(site.out, path)
    return { path, source, doc: parseHtml(source) }
  })
})
afterAll(() => site?.cleanup())

/** A URL attribute a browser would run or render as a document: `javascript:`, `vbscript:`, `data:`. */
function dangerousUrl(value: string): boolean {
  // Browsers ignore ASCII white space and control characters inside the scheme.
  const compact = value.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase()
  return /^(?:javascript|vbscript|data):/.test(compact)
}

const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'srcset', 'background', 'cite', 'data']

describe('hostile site', () => {
  it('has every page kind', () => {
    const paths = pages.map((p) => p.path)
    expect(paths).toEqual(expect.arrayContaining(['index.html', '404.html', 'xss/2024/index.html', ...records.map((r) => `xss/2024/${r.index}/index.html`)]))
    expect(records).toHaveLength(5)
  })

  it('has no script but the bundle module, and no inline script', () => {
    for (const { path, source, doc } of pages) {
      const scripts = all(doc, 'script')
      expect(scripts.length, path).toBeGreaterThan(0)
      for (const script of scripts) {
        expect(attr(script, 'type'), path).toBe('module')
        expect(attr(script, 'src'), path).toMatch(/^\/assets\/[\w.-]+\.js$/)
        expect(text(script), path).toBe('')
      }
      // The raw markup too, so that nothing the parser might read differently slips by.
      expect(source.match(/<script/gi)?.length, path).toBe(scripts.length)
    }
  })

  it('has no event-handler attribute, and style attributes only as KaTeX lays out math', () => {
    // KaTeX output is the only source of `style`: inside a `.katex` element, plain lengths and keywords.
    const insideKatex = (element: HtmlElement) => {
      for (let node: HtmlElement | null = element.parent; node; node = node.parent) if (node.classList.contains('katex')) return true
      return false
    }
    const katexStyle = /^(?:[a-z-]+:[-\w.%#]+;?)+$/
    for (const { path, doc } of pages) {
      for (const element of all(doc, '*')) {
        for (const attribute of element.attributes) {
          expect(/^on/i.test(attribute.key), `${path}: <${element.tagName} ${attribute.key}>`).toBe(false)
          if (attribute.key === 'style') {
            expect(insideKatex(element), `${path}: <${element.tagName} style> outside math`).toBe(true)
            expect(String(attribute.value), `${path}: <${element.tagName} style>`).toMatch(katexStyle)
          }
        }
      }
    }
  })

  it('has no javascript:, vbscript: or data: URL in any URL attribute', () => {
    for (const { path, doc } of pages) {
      for (const element of all(doc, '*')) {
        for (const name of urlAttributes) {
          const value = attr(element, name)
          if (value !== undefined) expect(dangerousUrl(value), `${path}: <${element.tagName} ${name}="${value}">`).toBe(false)
        }
      }
    }
  })

  it('has none of the elements the listings try to smuggle in', () => {
    for (const { path, doc } of pages) {
      for (const selector of ['iframe', 'object', 'embed', 'img', 'style', 'base', 'meta[http-equiv]', 'a[target]', 'textarea', 'select']) {
        expect(all(doc, selector).length, `${path}: ${selector}`).toBe(0)
      }
      // The one SVG allowed is the site's own chart of paper counts.
      expect(all(doc, 'svg').filter((svg) => !(svg.parent?.classList.contains('chart') && attr(svg, 'role') === 'img')).length, `${path}: svg`).toBe(0)
      expect(all(doc, 'input').filter((input) => attr(input, 'id') !== 'site-search').length, `${path}: input`).toBe(0)
      // The only form is the site's own search box, submitting to the site.
      for (const form of all(doc, 'form')) expect(attr(form, 'action'), path).toMatch(/^\/[\w/-]*$/)
    }
  })

  it('only ever links a paper URL that is http(s)', () => {
    for (const record of records) {
      const doc = pages.find((p) => p.path === `xss/2024/${record.index}/index.html`)?.doc as HtmlElement
      const original = all(doc, 'a.original')
      if (/^https?:\/\//i.test(record.url) && URL.canParse(record.url)) {
        // Linked with the URL serialized (quotes and brackets percent-encoded).
        const href = new URL(record.url).href
        expect(href).not.toMatch(/["<>]/)
        expect(original.map((a) => attr(a, 'href'))).toEqual([href])
      } else {
        expect(original, record.url).toEqual([])
        // … and shows it as text instead.
        expect(text(doc.querySelector('.meta .url'))).toBe(record.url)
      }
    }
  })

  it('shows hostile titles and authors as the text they are', () => {
    const byIndex = new Map(records.map((r) => [r.index, r]))
    const plainTitles = [1, 2, 3] // titles without markdown: shown exactly as written
    for (const index of plainTitles) {
      const record = byIndex.get(index)
      if (!record) throw new Error(`no record ${index}`)
      const paper = pages.find((p) => p.path === `xss/2024/${index}/index.html`)?.doc as HtmlElement
      expect(text(paper.querySelector('h1'))).toBe(record.title)
      expect(text(paper.querySelector('title'))).toBe(`${record.title} · papershelf`)
      expect(all(paper, 'meta[name="citation_title"]').map((m) => attr(m, 'content'))).toEqual([record.title])
      expect(all(paper, 'meta[name="citation_author"]').map((m) => attr(m, 'content'))).toEqual(record.authors)
      expect(text(paper.querySelector('article .authors'))).toBe(record.authors.join(', '))
      const listing = pages.find((p) => p.path === 'xss/2024/index.html')?.doc as HtmlElement
      expect(text(listing.querySelector(`#p${index} h2`))).toBe(record.title)
    }
    const first = pages.find((p) => p.path === 'xss/2024/1/index.html')?.doc as HtmlElement
    expect(text(first.querySelector('h1'))).toBe('<script>alert(1)</script>')
    expect(text(first.querySelector('article .authors'))).toBe('<img src=x onerror=alert(1)>, Mallory "><svg onload=alert(1)>')
    const third = pages.find((p) => p.path === 'xss/2024/3/index.html')?.doc as HtmlElement
    expect(text(third.querySelector('title'))).toBe('</title><script>alert(1)</script> · papershelf')
  })

  it('shows raw HTML in abstracts as text', () => {
    const listing = pages.find((p) => p.path === 'xss/2024/index.html')?.doc as HtmlElement
    expect(text(listing.querySelector('#p1 .abstract'))).toContain('An abstract with <script>alert(1)</script> inline')
    expect(text(listing.querySelector('#p2 .abstract'))).toContain('an image <img src=x onerror=alert(1)> and')
    expect(text(listing.querySelector('#p3 .abstract'))).toContain(
      'raw <a href="javascript:alert(1)">anchor</a> and <iframe src="javascript:alert(1)"></iframe>.',
    )
    expect(text(listing.querySelector('#p4 .abstract'))).toContain('<style>body { display: none }</style>')
    expect(text(listing.querySelector('#p4 .abstract'))).toContain('<form action="https://evil.example/"><input name="q"></form>')
    expect(text(listing.querySelector('#p5 .abstract code'))).toBe('<img src=x onerror=alert(1)>')
    // Markdown links and autolinks to javascript:/data: keep their text and lose their target.
    expect(all(listing, '#p1 .abstract a[href], #p2 .abstract a[href], #p3 .abstract a[href]')).toEqual([])
    expect(text(listing.querySelector('#p1 .abstract'))).toContain('and a markdown link that must not become a link.')
    expect(text(listing.querySelector('#p2 .abstract'))).toContain('A data URL link open me and')
    expect(text(listing.querySelector('#p2 .abstract'))).toContain('an autolink javascript:alert(1).')
    expect(text(listing.querySelector('#p3 .abstract'))).toContain('A markdown image x and')
  })

  it('gives abstract links rel="noopener noreferrer"', () => {
    for (const { path, doc } of pages) {
      for (const a of all(doc, '.abstract a[href]')) expect(attr(a, 'rel'), path).toBe('noopener noreferrer')
    }
  })

  // Regression: the sanitizer's protocol list only applies to URLs that have a scheme, so
  // `[x](/admin)` and `[x](//evil.example/x)` kept their hrefs until links were checked as absolute http(s).
  it('links from abstracts only to absolute http(s) URLs', () => {
    for (const { path, doc } of pages) {
      for (const a of all(doc, '.abstract a[href]')) expect(attr(a, 'href'), path).toMatch(/^https?:\/\//)
    }
  })

  it('exports the hostile records unchanged as JSON data', () => {
    const data = JSON.parse(readText(site.out, 'data/xss-2024.json')) as { papers: { title: string; authors: string[]; url: string; abstract: string }[] }
    expect(data.papers.map((p) => [p.title, p.authors, p.url, p.abstract])).toEqual(records.map((r) => [r.title, r.authors, r.url, r.abstract]))
  })
})
