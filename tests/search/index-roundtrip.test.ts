import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import MiniSearch, { type SearchResult } from 'minisearch'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkContent } from '../../src/build/build.ts'
import { renderPaper } from '../../src/build/render-papers.ts'
import { defaultConfig } from '../../src/config.ts'
import type { RenderedPaper, VenueYear } from '../../src/paper.ts'
import { type BinaryFile, buildSearchIndex, searchDocument } from '../../src/search/build-index.ts'
import { type SearchManifest, type Shard, shardOf, shardsToPlainObject, shardsWithPrefix } from '../../src/search/index-format.ts'
import { miniSearchOptions, type SearchDocument } from '../../src/search/options.ts'
import { queryTerms, runQuery, shardsForQuery } from '../../src/search/query.ts'
import { groupVenueYears } from '../../src/site/catalog.ts'
import type { OutputFile } from '../../src/site/pages.ts'

const repo = join(import.meta.dirname, '..', '..')
let venueYears: VenueYear<RenderedPaper>[]
let files: Map<string, OutputFile | BinaryFile>
let manifest: SearchManifest
let memory: MiniSearch<SearchDocument>

/** Load the shards a query needs, the way the browser worker does. */
function clientIndex(q: string): MiniSearch<SearchDocument> {
  const shards = shardsForQuery(manifest, q).map((i) => {
    const file = files.get(`search/${manifest.shardFiles[i]}`)
    if (!file) throw new Error(`missing shard ${i}`)
    return JSON.parse(gunzipSync(file.content as Uint8Array).toString('utf8')) as Shard
  })
  return MiniSearch.loadJS(shardsToPlainObject(manifest, shards), miniSearchOptions)
}

function expectSameResults(actual: SearchResult[], expected: SearchResult[]): void {
  expect(actual.map((r) => r.id)).toEqual(expected.map((r) => r.id))
  // Scores are sums over terms; the order of summation may differ in the last bit.
  for (const [i, r] of actual.entries()) expect(r.score).toBeCloseTo((expected[i] as SearchResult).score, 9)
}

beforeAll(() => {
  // The shipped default site (ICLR 2021, 860 papers) is the fixture; small shards so queries span several.
  const checked = checkContent({ ...defaultConfig, content: 'content' }, repo)
  venueYears = groupVenueYears(
    checked.listings.flatMap((l) => l.papers.map(renderPaper)),
    defaultConfig,
  )
  const output = buildSearchIndex(venueYears, { shardBytes: 6_000, docChunkSize: 4, bibChunkSize: 32 })
  files = new Map(output.map((f) => [f.path, f]))
  manifest = JSON.parse(files.get('search/manifest.json')?.content as string) as SearchManifest
  memory = new MiniSearch(miniSearchOptions)
  memory.addAll(venueYears.flatMap((vy) => vy.papers).map((paper, i) => searchDocument(paper, i)))
})

describe('search index round trip', () => {
  it('should cut the index into many shards that cover the sorted terms', () => {
    expect(manifest.shardFiles.length).toBeGreaterThan(20)
    expect([...manifest.shardStarts].sort()).toEqual(manifest.shardStarts)
    expect(manifest.documentCount).toBe(860)
  })

  it.each([
    'diffusion',
    'graph neural network',
    'reinforcement learning',
    'transformer',
    'adversarial robustness',
    'bengio',
    'meta-learning',
    'GAN',
    'contrastive',
    'the',
    'zzzzqqq',
  ])('should give the same results as the in-memory index for %j', (q) => {
    const options = { fuzzy: false as const }
    expectSameResults(clientIndex(q).search(q, options), memory.search(q, options))
  })

  it.each(['adversarial robustnes', 'reinforcment', 'transfomer'])('should find with typos within the loaded shards for %j', (q) => {
    const client = clientIndex(q).search(q)
    const full = memory.search(q)
    const fullIds = new Set(full.map((r) => r.id))
    expect(client.length).toBeGreaterThan(0)
    for (const r of client) expect(fullIds.has(r.id)).toBe(true)
  })

  it('should keep per-document tables out of shards: a shard names only documents of its terms', () => {
    const i = shardOf(manifest, 'diffusion')
    const shard = JSON.parse(gunzipSync(files.get(`search/${manifest.shardFiles[i]}`)?.content as Uint8Array).toString('utf8')) as Shard
    const plain = shardsToPlainObject(manifest, [shard])
    expect(Object.keys(plain.documentIds).length).toBeLessThan(manifest.documentCount)
  })
})

describe('shard routing', () => {
  it('should route a term to the last shard starting at or before it', () => {
    const m = { shardStarts: ['', 'c', 'f', 'fo', 'x'] }
    expect(shardOf(m, 'a')).toBe(0)
    expect(shardOf(m, 'c')).toBe(1)
    expect(shardOf(m, 'e')).toBe(1)
    expect(shardOf(m, 'foo')).toBe(3)
    expect(shardOf(m, 'zz')).toBe(4)
  })

  it('should include every shard that can hold a prefix', () => {
    const m = { shardStarts: ['', 'c', 'f', 'fo', 'fox', 'g'] }
    expect(shardsWithPrefix(m, 'fo')).toEqual([3, 4])
    expect(shardsWithPrefix(m, 'f')).toEqual([2, 3, 4])
  })

  it('should hold every term of the index in the shard the router names', () => {
    for (const [i, file] of manifest.shardFiles.entries()) {
      const shard = JSON.parse(gunzipSync(files.get(`search/${file}`)?.content as Uint8Array).toString('utf8')) as Shard
      for (const [term] of shard) expect(shardOf(manifest, term)).toBe(i)
    }
  })

  it('should drop stop words and single letters from queries', () => {
    expect(queryTerms('The Attention is all you need, a Café')).toEqual(['attention', 'all', 'you', 'need', 'cafe'])
  })
})

describe('facets and ranking', () => {
  it('should count venues and years over every match and filter by them', () => {
    const q = 'learning'
    const index = clientIndex(q)
    const outcome = runQuery(index, manifest, { q, venue: '', year: 0, page: 1 })
    const all = index.search(q)
    expect(outcome.total).toBe(all.length)
    expect(outcome.venues).toEqual([{ key: 'iclr', label: 'ICLR', count: all.length }])
    expect(outcome.years).toEqual([{ key: 2021, label: '2021', count: all.length }])
    const filtered = runQuery(index, manifest, { q, venue: 'nips', year: 0, page: 1 })
    expect(filtered.total).toBe(0)
    expect(filtered.venues.find((v) => v.key === 'iclr')?.count).toBe(all.length)
  })

  it('should rank papers matching in the title above abstract-only matches', () => {
    const q = 'diffusion'
    const outcome = runQuery(clientIndex(q), manifest, { q, venue: '', year: 0, page: 1 })
    const papers = venueYears.flatMap((vy) => vy.papers)
    const inTitle = outcome.hits.map((hit) => /diffusion/i.test((papers[hit.id as number] as RenderedPaper).titleText))
    const firstAbstractOnly = inTitle.indexOf(false)
    expect(inTitle[0]).toBe(true)
    if (firstAbstractOnly >= 0) expect(inTitle.slice(firstAbstractOnly)).not.toContain(true)
  })

  it('should page results ten at a time and clamp past the last page', () => {
    const q = 'learning'
    const index = clientIndex(q)
    const first = runQuery(index, manifest, { q, venue: '', year: 0, page: 1 })
    const last = runQuery(index, manifest, { q, venue: '', year: 0, page: 9999 })
    expect(first.hits).toHaveLength(10)
    expect(last.page).toBe(first.pages)
  })
})

describe('recall', () => {
  // Every paper whose title has every query word (as a word or the start of one) must be found.
  it.each(['neural', 'graph', 'adversarial', 'language model', 'policy optimization', 'self-supervised', 'federated'])(
    'should find every title containing all words of %j',
    (q) => {
      const index = clientIndex(q)
      const found = new Set(runQuery(index, manifest, { q, venue: '', year: 0, page: 1 }).total > 0 ? index.search(q).map((r) => r.id as number) : [])
      const words = queryTerms(q)
      const papers = venueYears.flatMap((vy) => vy.papers)
      const expected = papers.flatMap((paper, i) => {
        const title = paper.titleText.normalize('NFKD').toLowerCase()
        return words.every((w) => new RegExp(`(^|[^\\p{L}\\p{N}])${w}`, 'u').test(title)) ? [i] : []
      })
      expect(expected.length).toBeGreaterThan(0)
      for (const i of expected) expect(found.has(i), (papers[i] as RenderedPaper).titleText).toBe(true)
    },
  )
})
