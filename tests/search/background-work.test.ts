import { gunzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import type { RenderedPaper, VenueYear } from '../../src/paper.ts'
import { buildSearchIndex } from '../../src/search/build-index.ts'
import { ShardedIndex } from '../../src/search/engine.ts'
import { type SearchManifest, type Shard, shardFile, shardOf, tailsOf } from '../../src/search/index-format.ts'
import { shardInstance } from '../../src/search/shard-instance.ts'
import { plainPaper } from '../helpers/papers.ts'

// A catalog where one word is in every paper, so that its postings are cut into a head and a
// large tail, and another word is in a few papers only.
const papers: RenderedPaper[] = Array.from({ length: 6000 }, (_, i) =>
  plainPaper(i % 500 === 0 ? `Rare zebra study ${i}` : `Common learning study ${i}`, [], `We study learning in setting ${i}.`, i),
)
const venueYears: VenueYear<RenderedPaper>[] = [{ key: 'v-2020', venue: 'v', year: 2020, name: 'V', papers }]
let manifest: SearchManifest
let files: Map<string, Uint8Array | string>

beforeAll(() => {
  const output = buildSearchIndex(venueYears, { shardBytes: 20_000, docChunkSize: 2, bibChunkSize: 32, headPostings: 100 })
  files = new Map(output.map((f) => [f.path, f.content]))
  manifest = JSON.parse(files.get('search/manifest.json') as string) as SearchManifest
})

const readShard = (i: number): Shard => JSON.parse(gunzipSync(files.get(`search/${shardFile(manifest, i)}`) as Uint8Array).toString()) as Shard
const tailOf = (term: string): number => tailsOf(manifest, [shardOf(manifest, term)])[0] as number

describe('work for complete results', () => {
  it('should fill a large shard instance in slices, pausing between them, into the same instance', async () => {
    const tail = readShard(tailOf('learning'))
    const postings = tail.reduce((n, [, ...lists]) => n + lists.reduce((m, list) => m + list[1].length, 0), 0)
    expect(postings).toBeGreaterThan(10_000)
    let pauses = 0
    const sliced = await shardInstance(manifest, tail, () => {
      pauses++
      return new Promise<void>((done) => setTimeout(done, 0))
    })
    const whole = await shardInstance(manifest, tail)
    // Slices of 4,096 postings, within a term's postings too (a tail holds one term).
    expect(tail.length).toBe(1)
    expect(pauses).toBe(Math.floor(postings / 4096))
    expect(sliced.search('learning')).toEqual(whole.search('learning'))
  })

  it('should let a search for first results finish while a search for complete results fills its tail', async () => {
    const index = new ShardedIndex(manifest, async (i) => readShard(i))
    let completeDone = false
    const complete = index.search('learning', 'complete').then((results) => {
      completeDone = true
      return results
    })
    const first = await index.search('zebra', 'first')
    expect(first.length).toBe(12)
    // The complete search gave way: it is still filling or searching its tail.
    expect(completeDone).toBe(false)
    expect((await complete).length).toBe(6000)
  })
})
