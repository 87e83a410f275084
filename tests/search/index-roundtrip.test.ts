import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkContent } from '../../src/build/build.ts'
import { renderPaper } from '../../src/build/render-papers.ts'
import { defaultConfig } from '../../src/config.ts'
import type { RenderedPaper, VenueYear } from '../../src/paper.ts'
import { type BinaryFile, buildSearchIndex, searchDocument } from '../../src/search/build-index.ts'
import { ShardedIndex } from '../../src/search/engine.ts'
import { type SearchManifest, type Shard, shardFile, shardOf, shardsToPlainObject, shardsWithPrefix, tailsOf } from '../../src/search/index-format.ts'
import { miniSearchOptions, type SearchDocument } from '../../src/search/options.ts'
import { isPartial, queryTerms, rankedDocuments, runQuery, type Stage, shardsForQuery, shardsForTerm } from '../../src/search/query.ts'
import { groupVenueYears } from '../../src/site/catalog.ts'
import type { OutputFile } from '../../src/site/pages.ts'

const repo = join(import.meta.dirname, '..', '..')
let venueYears: VenueYear<RenderedPaper>[]
let files: Map<string, OutputFile | BinaryFile>
let manifest: SearchManifest
let memory: MiniSearch<SearchDocument>

function readShard(i: number): Shard {
  const file = files.get(`search/${shardFile(manifest, i)}`)
  if (!file) throw new Error(`missing shard ${i}`)
  return JSON.parse(gunzipSync(file.content as Uint8Array).toString('utf8')) as Shard
}

/** The browser worker's index over the built files, counting the shards it loads. */
function clientIndex(searchOptions: SearchOptions = {}, keepShards?: number): { index: ShardedIndex; loads: number[] } {
  const loads: number[] = []
  const index = new ShardedIndex(
    manifest,
    async (i) => {
      loads.push(i)
      return readShard(i)
    },
    { searchOptions, ...(keepShards === undefined ? {} : { keepShards }) },
  )
  return { index, loads }
}

/** The results of `q` through the browser's code path. */
function clientSearch(q: string, stage: Stage = 'complete'): Promise<SearchResult[]> {
  return clientIndex().index.search(q, stage)
}

/** Same documents, scores, matched terms and fields, and query terms, in any order. */
function expectSameResults(actual: SearchResult[], expected: SearchResult[]): void {
  const byId = (results: SearchResult[]) => [...results].sort((a, b) => (a.id as number) - (b.id as number))
  const sortedActual = byId(actual)
  const sortedExpected = byId(expected)
  expect(sortedActual.map((r) => r.id)).toEqual(sortedExpected.map((r) => r.id))
  for (const [i, r] of sortedActual.entries()) {
    const e = sortedExpected[i] as SearchResult
    // Scores are sums over terms; the order of summation may differ in the last bit.
    expect(r.score).toBeCloseTo(e.score, 9)
    expect(r.match).toEqual(e.match)
    expect([...r.terms].sort()).toEqual([...e.terms].sort())
    expect([...r.queryTerms].sort()).toEqual([...e.queryTerms].sort())
  }
}

/** The index terms MiniSearch's in-memory index derives from each word of `q` (exact, prefix, fuzzy). */
function derivedTerms(q: string): Map<string, string[]> {
  return new Map(queryTerms(q).map((term) => [term, [...new Set(memory.search(term).flatMap((r) => r.terms))]]))
}

beforeAll(() => {
  // The shipped default site (ICLR 2021, 860 papers) is the fixture; small shards so queries
  // span several, and short prefixes span more than the first results search; small heads, so
  // that the common terms have tails.
  const checked = checkContent({ ...defaultConfig, content: 'content' }, repo)
  venueYears = groupVenueYears(
    checked.listings.flatMap((l) => l.papers.map(renderPaper)),
    defaultConfig,
  )
  const output = buildSearchIndex(venueYears, { shardBytes: 2_000, docChunkSize: 4, bibChunkSize: 32, headPostings: 40 })
  files = new Map(output.map((f) => [f.path, f]))
  manifest = JSON.parse(files.get('search/manifest.json')?.content as string) as SearchManifest
  memory = new MiniSearch(miniSearchOptions)
  memory.addAll(venueYears.flatMap((vy) => vy.papers).map((paper, i) => searchDocument(paper, i)))
})

describe('search index round trip', () => {
  it('should cut the index into many shards that cover the sorted terms', () => {
    expect(manifest.shardFiles.length).toBeGreaterThan(100)
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
    // Prefixes, some wider than the first results search, in multi-word queries.
    'con',
    'mod',
    'lea',
    'graph neural net',
    'tra lea',
    'contrastive rep lea',
    'deep deep net',
  ])('should give the same complete results as the in-memory index for %j (no typos)', async (q) => {
    const options = { fuzzy: false as const }
    expectSameResults(await clientIndex(options).index.search(q, 'complete'), memory.search(q, options))
  })

  it.each(['reinforcment', 'robustnes', 'netwroks', 'kernals', 'graph neural netwroks', 'reinforcment lea', 'kernals lea'])(
    'should give the same results as the in-memory index with typo tolerance for %j',
    async (q) => {
      // The in-memory index finds typos anywhere; the shards searched hold these ones.
      for (const [term, derived] of derivedTerms(q)) {
        const shards = shardsForTerm(manifest, term, 'complete')
        for (const d of derived) expect(shards, `${term} → ${d}`).toContain(shardOf(manifest, d))
      }
      expectSameResults(await clientSearch(q), memory.search(q))
    },
  )

  it.each(['adversarial robustnes', 'reinforcment', 'transfomer'])('should find with typos within the loaded shards for %j', async (q) => {
    const client = await clientSearch(q)
    const full = memory.search(q)
    const fullIds = new Set(full.map((r) => r.id))
    expect(client.length).toBeGreaterThan(0)
    for (const r of client) expect(fullIds.has(r.id)).toBe(true)
  })

  it.each(['con', 'lea', 'tra', 'graph mod'])('should search a wide prefix in its own shard first, then everywhere: %j', async (q) => {
    expect(isPartial(manifest, q)).toBe(true)
    expect(shardsForQuery(manifest, q, 'first').length).toBeLessThan(shardsForQuery(manifest, q, 'complete').length)
    const { index } = clientIndex({ fuzzy: false })
    const first = await index.search(q, 'first')
    const complete = await index.search(q, 'complete')
    const completeIds = new Set(complete.map((r) => r.id))
    expect(complete.length).toBeGreaterThan(first.length)
    for (const r of first) expect(completeIds.has(r.id)).toBe(true)
    expectSameResults(complete, memory.search(q, { fuzzy: false }))
  })

  it('should not call a query partial when every prefix range is narrow and no term of it has a tail', () => {
    expect(isPartial(manifest, 'symbolic regression')).toBe(false)
    expect(shardsForQuery(manifest, 'symbolic regression', 'first')).toEqual(shardsForQuery(manifest, 'symbolic regression', 'complete'))
  })

  it.each(['learning', 'neural', 'network', 'graph', 'adversarial'])(
    'should give first results of a common term from its head, and all of them with its tail: %j',
    async (q) => {
      expect(manifest.tailShards).toContain(shardOf(manifest, q))
      expect(isPartial(manifest, q)).toBe(true)
      const firstShards = shardsForQuery(manifest, q, 'first')
      expect(shardsForQuery(manifest, q, 'complete')).toEqual([...firstShards, ...tailsOf(manifest, firstShards)])
      const { index } = clientIndex({ fuzzy: false })
      const first = await index.search(q, 'first')
      const complete = await index.search(q, 'complete')
      expectSameResults(complete, memory.search(q, { fuzzy: false }))
      expect(first.length).toBeGreaterThan(0)
      expect(first.length).toBeLessThan(complete.length)
      // A first result scores at most what it does in the whole index (a longer term it has may be in a tail).
      const byId = new Map(complete.map((r) => [r.id, r]))
      for (const r of first) expect(r.score).toBeLessThanOrEqual((byId.get(r.id)?.score as number) + 1e-9)
    },
  )

  it.each(['learning', 'neural', 'network', 'graph', 'adversarial'])(
    'should hold in the head of %j the documents that rank first for it, scored as in the whole index',
    async (q) => {
      // The term alone: the head is chosen by it, not by the longer terms a prefix adds.
      const exact = { prefix: false, fuzzy: false as const }
      const { index } = clientIndex(exact)
      const first = await index.search(q, 'first')
      const complete = await index.search(q, 'complete')
      expectSameResults(complete, memory.search(q, exact))
      const byId = new Map(complete.map((r) => [r.id, r]))
      for (const r of first) expect(r.score).toBeCloseTo(byId.get(r.id)?.score as number, 9)
      const page = (results: SearchResult[]) => rankedDocuments(results, manifest, { q, venue: '', year: 0, page: 1 }).slice(0, 10)
      expect(page(first)).toEqual(page(complete))
    },
  )

  it('should load each shard once while a query is typed, and give the same results as a fresh index', async () => {
    const { index, loads } = clientIndex()
    const q = 'graph neural networks contrastive'
    for (let i = 1; i <= q.length; i++) {
      await index.search(q.slice(0, i), 'first')
      await index.search(q.slice(0, i), 'complete')
    }
    expect(new Set(loads).size).toBe(loads.length)
    expectSameResults(await index.search(q, 'complete'), await clientSearch(q))
    // Retyped: everything is cached, and cached word results are not changed by combining them.
    expectSameResults(await index.search(q, 'complete'), await clientSearch(q))
    expectSameResults(await index.search('graph graph', 'complete'), memory.search('graph graph'))
    expectSameResults(await index.search('graph', 'complete'), memory.search('graph'))
  })

  it('should keep only the recently used shards, and load a dropped one again when a query needs it', async () => {
    const { index, loads } = clientIndex({}, 3)
    const q = 'graph neural network'
    expect(shardsForQuery(manifest, q, 'complete').length).toBeGreaterThan(3)
    expectSameResults(await index.search(q, 'complete'), memory.search(q))
    const loaded = loads.length
    expectSameResults(await index.search('diffusion', 'complete'), memory.search('diffusion'))
    const afterDiffusion = loads.length
    expect(afterDiffusion).toBeGreaterThan(loaded)
    // Cached word results need no shard; a new word over dropped shards loads them again.
    expectSameResults(await index.search(q, 'complete'), memory.search(q))
    expect(loads).toHaveLength(afterDiffusion)
    expectSameResults(await index.search(`${q} graph`, 'complete'), memory.search(`${q} graph`))
    expect(loads.length).toBeGreaterThan(afterDiffusion)
  })

  it('should not search the words of a query that is not wanted any more once its shards are loaded', async () => {
    const { index, loads } = clientIndex()
    expect(await index.search('symbolic regression', 'first', () => false)).toBeUndefined()
    // The shards are kept for the next query.
    const loaded = loads.length
    expect(loaded).toBeGreaterThan(0)
    const fresh = await clientIndex().index.search('symbolic regression', 'first')
    expect(fresh.length).toBeGreaterThan(0)
    expectSameResults((await index.search('symbolic regression', 'first', () => true)) ?? [], fresh)
    expect(loads).toHaveLength(loaded)
  })

  it('should give the same results array for the same words, whatever else the query string holds', async () => {
    const { index } = clientIndex()
    const results = await index.search('graph neural', 'first')
    expect(await index.search('Graph  neural ', 'first')).toBe(results)
    expect(await index.search('graph neural', 'complete')).not.toBe(await index.search('graph neura', 'complete'))
  })

  it('should tell the terms of each loaded shard and their postings, and forget those of a dropped shard', async () => {
    const { index, loads } = clientIndex({}, 2)
    const shard = shardOf(manifest, 'graph')
    expect(index.loadedTerms(shard)).toBeUndefined()
    await index.search('graph', 'first')
    const terms = readShard(shard)
    expect(index.loadedTerms(shard)).toEqual({
      terms: terms.map(([term]) => term),
      weights: terms.map(([, ...postings]) => postings.reduce((sum, [, docs, , , documentFrequency]) => sum + (documentFrequency ?? docs.length), 0)),
    })
    await index.search('diffusion zero', 'first')
    expect(loads.length).toBeGreaterThan(2)
    expect(index.loadedTerms(shard)).toBeUndefined()
  })

  it('should keep per-document tables out of shards: a shard names only documents of its terms', () => {
    const plain = shardsToPlainObject(manifest, [readShard(shardOf(manifest, 'diffusion'))])
    expect(Object.keys(plain.documentIds).length).toBeLessThan(manifest.documentCount)
  })

  it('should forget a shard that failed to load, and load it again for the next query', async () => {
    let failures = 1
    const index = new ShardedIndex(manifest, async (i) => {
      if (failures-- > 0) throw new Error('network down')
      return readShard(i)
    })
    await expect(index.search('diffusion', 'complete')).rejects.toThrow('network down')
    expectSameResults(await index.search('diffusion', 'complete'), memory.search('diffusion'))
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
  it('should count venues and years over every match and filter by them', async () => {
    const q = 'learning'
    const all = await clientSearch(q)
    const outcome = runQuery(all, manifest, { q, venue: '', year: 0, page: 1 })
    expect(outcome.total).toBe(all.length)
    expect(outcome.venues).toEqual([{ key: 'iclr', label: 'ICLR', count: all.length }])
    expect(outcome.years).toEqual([{ key: 2021, label: '2021', count: all.length }])
    const filtered = runQuery(all, manifest, { q, venue: 'nips', year: 0, page: 1 })
    expect(filtered.total).toBe(0)
    expect(filtered.venues.find((v) => v.key === 'iclr')?.count).toBe(all.length)
  })

  it('should rank papers matching in the title above abstract-only matches', async () => {
    const q = 'diffusion'
    const outcome = runQuery(await clientSearch(q), manifest, { q, venue: '', year: 0, page: 1 })
    const papers = venueYears.flatMap((vy) => vy.papers)
    const inTitle = outcome.hits.map((hit) => /diffusion/i.test((papers[hit.id as number] as RenderedPaper).titleText))
    const firstAbstractOnly = inTitle.indexOf(false)
    expect(inTitle[0]).toBe(true)
    if (firstAbstractOnly >= 0) expect(inTitle.slice(firstAbstractOnly)).not.toContain(true)
  })

  it('should page results ten at a time and clamp past the last page', async () => {
    const q = 'learning'
    const all = await clientSearch(q)
    const first = runQuery(all, manifest, { q, venue: '', year: 0, page: 1 })
    const last = runQuery(all, manifest, { q, venue: '', year: 0, page: 9999 })
    expect(first.hits).toHaveLength(10)
    expect(last.page).toBe(first.pages)
  })

  it('should show on each page the slice of the full ranking (downloads rank all results)', async () => {
    for (const q of ['learning', 'graph', 'con']) {
      const all = await clientSearch(q)
      const ranked = rankedDocuments(all, manifest, { q, venue: '', year: 0, page: 1 })
      expect(ranked).toHaveLength(all.length)
      const pages = Math.ceil(all.length / 10)
      for (const page of [1, 2, 3, Math.floor(pages / 2), pages]) {
        const outcome = runQuery(all, manifest, { q, venue: '', year: 0, page })
        expect(outcome.hits.map((hit) => hit.id)).toEqual(ranked.slice((page - 1) * 10, page * 10))
      }
    }
  })
})

describe('recall', () => {
  // Every paper whose title has every query word (as a word or the start of one) must be found.
  it.each(['neural', 'graph', 'adversarial', 'language model', 'policy optimization', 'self-supervised', 'federated', 'con', 'lea', 'tra lea'])(
    'should find every title containing all words of %j',
    async (q) => {
      const found = new Set((await clientSearch(q)).map((r) => r.id as number))
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
