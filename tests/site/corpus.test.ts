/**
 * The whole shared corpus (ICLR 2021, NeurIPS 2021–2023: 9,568 papers), built once and checked
 * against the listing files as read by the test's own reader (tests/helpers/listing-reader.ts,
 * no code shared with the project's scanner): every record in the data export exactly once with
 * its text intact, on exactly one listing page and one paper page, all chained by prev/next.
 * Runs only where the corpus is on the machine (`tests/helpers/shared-corpus.ts`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildFixtureSite, type FixtureBuild } from '../helpers/build.ts'
import { all, attr, parseHtml } from '../helpers/html.ts'
import { normalizeSpace, readContent, type SourceRecord } from '../helpers/listing-reader.ts'
import { sharedCorpusDir } from '../helpers/shared-corpus.ts'
import { listHtmlFiles, readText } from '../helpers/site-files.ts'

interface ExportedPaper {
  id: string
  index: number
  title: string
  authors: string[]
  url: string
  abstract: string
  page: string
  source: { file: string; line: number }
}

interface Catalog {
  papers: number
  venueYears: { id: string; venue: string; year: number; count: number; url: string; data: string }[]
}

describe.skipIf(sharedCorpusDir === undefined)('shared corpus', () => {
  let site: FixtureBuild
  let records: SourceRecord[]
  let catalog: Catalog
  /** Records by `<venue>-<year>`, in listing order. */
  const groups = new Map<string, SourceRecord[]>()
  const idOf = (r: SourceRecord) => `${r.venue}-${r.year}-${r.index}`
  /** Listing page (route) on which each paper id was found, from walking the prev/next chain. */
  const listedOn = new Map<string, string[]>()
  const pageSize = 50

  beforeAll(async () => {
    const corpusDir = sharedCorpusDir as string
    site = await buildFixtureSite(corpusDir, { config: { pageSize } })
    records = readContent(corpusDir)
    for (const record of records) {
      const key = `${record.venue}-${record.year}`
      const group = groups.get(key) ?? []
      group.push(record)
      groups.set(key, group)
    }
    catalog = JSON.parse(readText(site.out, 'data/catalog.json')) as Catalog
  })
  afterAll(() => site?.cleanup())

  it('builds every record', () => {
    expect(site.result.ok).toBe(true)
    expect(site.result.errors).toBe(0)
    expect(records).toHaveLength(9568)
    expect(site.result.papers).toBe(records.length)
    expect(new Set(records.map(idOf)).size).toBe(records.length)
    expect(catalog.papers).toBe(records.length)
    expect(catalog.venueYears.map((vy) => [vy.id, vy.count]).sort()).toEqual([...groups].map(([key, group]) => [key, group.length]).sort())
  })

  it('exports every record exactly once, with title, authors, URL and abstract as in the source', () => {
    const exported = new Map<string, ExportedPaper[]>()
    for (const vy of catalog.venueYears) {
      const data = JSON.parse(readText(site.out, vy.data.slice(1))) as { id: string; count: number; papers?: ExportedPaper[]; parts?: string[] }
      expect(data.id).toBe(vy.id)
      // A large venue-year keeps its records in parts, in order.
      const papers = data.parts
        ? data.parts.flatMap((part) => (JSON.parse(readText(site.out, part.slice(1))) as { papers: ExportedPaper[] }).papers)
        : (data.papers ?? [])
      expect(papers).toHaveLength(vy.count)
      for (const paper of papers) exported.set(paper.id, [...(exported.get(paper.id) ?? []), paper])
    }
    expect(exported.size).toBe(records.length)
    const mismatches: string[] = []
    for (const record of records) {
      const id = idOf(record)
      const copies = exported.get(id) ?? []
      if (copies.length !== 1) {
        mismatches.push(`${id}: exported ${copies.length} times`)
        continue
      }
      const paper = copies[0] as ExportedPaper
      const where = `${record.file}:${record.line} (${id})`
      if (normalizeSpace(paper.title) !== normalizeSpace(record.title)) mismatches.push(`${where}: title ${JSON.stringify(paper.title)}`)
      if (JSON.stringify(paper.authors.map(normalizeSpace)) !== JSON.stringify(record.authors.map(normalizeSpace)))
        mismatches.push(`${where}: authors ${JSON.stringify(paper.authors)}`)
      if (paper.url !== record.url) mismatches.push(`${where}: url ${JSON.stringify(paper.url)}`)
      if (normalizeSpace(paper.abstract) !== normalizeSpace(record.abstract)) mismatches.push(`${where}: abstract differs`)
      if (paper.source.file !== record.file || paper.source.line !== record.line) mismatches.push(`${where}: source ${JSON.stringify(paper.source)}`)
      if (paper.page !== `/${record.venue}/${record.year}/${record.index}/`) mismatches.push(`${where}: page ${paper.page}`)
    }
    expect(mismatches.slice(0, 20)).toEqual([])
  })

  it('chains every listing page of every venue-year in order, each paper on exactly one', () => {
    const allListingPages = new Set(listHtmlFiles(site.out).filter((p) => /^[a-z0-9-]+\/\d{4}\/(page\/\d+\/)?index\.html$/.test(p)))
    const visited = new Set<string>()
    for (const [key, group] of groups) {
      const [venue, year] = key.split('-') as [string, string]
      const expectedPages = Math.ceil(group.length / pageSize)
      let route: string | undefined = `/${venue}/${year}/`
      let previous: string | undefined
      let number = 0
      const ids: string[] = []
      while (route !== undefined) {
        number++
        expect(number, `${key}: the next chain does not end`).toBeLessThanOrEqual(expectedPages)
        expect(route).toBe(number === 1 ? `/${venue}/${year}/` : `/${venue}/${year}/page/${number}/`)
        const path = `${route.slice(1)}index.html`
        visited.add(path)
        const doc = parseHtml(readText(site.out, path))
        expect(all(doc, 'head link[rel="prev"]').map((l) => attr(l, 'href'))).toEqual(previous ? [previous] : [])
        for (const item of all(doc, 'ol.papers > li.paper')) {
          const id = attr(item, 'id') ?? ''
          ids.push(id)
          listedOn.set(`${key}-${id.slice(1)}`, [...(listedOn.get(`${key}-${id.slice(1)}`) ?? []), route])
        }
        previous = route
        route = all(doc, 'head link[rel="next"]').map((l) => attr(l, 'href'))[0]
      }
      expect(number, key).toBe(expectedPages)
      expect(ids).toEqual(group.map((r) => `p${r.index}`))
    }
    expect([...visited].sort()).toEqual([...allListingPages].sort())
    for (const record of records) expect(listedOn.get(idOf(record)), idOf(record)).toHaveLength(1)
  })

  it('has exactly one paper page per record, chained in listing order and pointing at its listing entry', () => {
    const paperPages = listHtmlFiles(site.out).filter((p) => /^[a-z0-9-]+\/\d{4}\/\d+\/index\.html$/.test(p))
    expect(new Set(paperPages)).toEqual(new Set(records.map((r) => `${r.venue}/${r.year}/${r.index}/index.html`)))
    const problems: string[] = []
    for (const [key, group] of groups) {
      group.forEach((record, i) => {
        const route = (r: SourceRecord | undefined) => (r ? [`/${r.venue}/${r.year}/${r.index}/`] : [])
        // What is checked is in the head, the breadcrumbs and the neighbour links; parsing only
        // those parts keeps 9,568 pages fast.
        const source = readText(site.out, `${record.venue}/${record.year}/${record.index}/index.html`)
        const doc = parseHtml(source.slice(0, source.indexOf('<article')))
        const adjacent = parseHtml(source.slice(source.indexOf('<nav class="adjacent"'), source.indexOf('</main>')))
        const hrefs = (selector: string, from = doc) => all(from, selector).map((e) => attr(e, 'href'))
        const where = `${key}-${record.index}`
        if (JSON.stringify(hrefs('a[rel="prev"]', adjacent)) !== JSON.stringify(route(group[i - 1]))) problems.push(`${where}: prev`)
        if (JSON.stringify(hrefs('a[rel="next"]', adjacent)) !== JSON.stringify(route(group[i + 1]))) problems.push(`${where}: next`)
        const listing = listedOn.get(idOf(record))?.[0]
        if (!hrefs('nav.crumbs a').includes(`${listing}#p${record.index}`)) problems.push(`${where}: no link to ${listing}#p${record.index}`)
        const authors = all(doc, 'meta[name="citation_author"]').map((m) => normalizeSpace(attr(m, 'content') ?? ''))
        if (JSON.stringify(authors) !== JSON.stringify(record.authors.map(normalizeSpace))) problems.push(`${where}: citation_author`)
        if (all(doc, 'meta[name="citation_publication_date"]').map((m) => attr(m, 'content'))[0] !== String(record.year)) problems.push(`${where}: date`)
      })
    }
    expect(problems.slice(0, 20)).toEqual([])
  })
})
