import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkContent } from '../../src/build/build.ts'
import { renderPaper } from '../../src/build/render-papers.ts'
import { defaultConfig } from '../../src/config.ts'
import type { FieldPostings, Shard } from '../../src/search/index-format.ts'
import { indexVenueYear } from '../../src/search/index-venue-year.ts'
import { type IndexedVenueYear, mergeShards, shardJson, shardScoring, unpackShard } from '../../src/search/merge-index.ts'

const repo = join(import.meta.dirname, '..', '..')
let indexed: IndexedVenueYear[]

beforeAll(() => {
  // The shipped listing, cut into three venue-years of different sizes: most terms then occur in
  // several, as across a real catalog.
  const papers = checkContent({ ...defaultConfig, content: 'content' }, repo).listings.flatMap((l) => l.papers.map(renderPaper))
  const cuts = [0, 100, 450, papers.length]
  indexed = cuts.slice(1).map((end, i) => ({
    key: `part-${i}`,
    venue: 'part',
    name: 'Part',
    year: 2000 + i,
    postings: indexVenueYear(papers.slice(cuts[i], end)),
  }))
})

/** Every term of the catalog with its postings per field, gathered term by term without a merge. */
function expectedEntries(venueYears: readonly IndexedVenueYear[]): Shard {
  const terms = [...new Set(venueYears.flatMap((vy) => vy.postings.terms))].sort()
  return terms.map((term) => {
    const fields = new Map<number, { docs: number[]; tfs: number[]; lengths: number[] }>()
    let start = 0
    for (const { postings: p } of venueYears) {
      const t = p.terms.indexOf(term)
      for (let e = t < 0 ? 0 : (p.termEntries[t] as number); t >= 0 && e < (p.termEntries[t + 1] as number); e++) {
        const field = p.entryField[e] as number
        const list = fields.get(field) ?? { docs: [], tfs: [], lengths: [] }
        fields.set(field, list)
        for (let i = p.entryPostings[e] as number; i < (p.entryPostings[e + 1] as number); i++) {
          list.docs.push(start + (p.docs[i] as number))
          list.tfs.push(p.tfs[i] as number)
          list.lengths.push(p.lengths[i] as number)
        }
      }
      start += p.count
    }
    const lists = [...fields.entries()]
      .sort(([a], [b]) => a - b)
      .map(([field, { docs, tfs, lengths }]): FieldPostings => [field, docs.map((d, i) => d - (i === 0 ? 0 : (docs[i - 1] as number))), tfs, lengths])
    return [term, ...lists]
  })
}

describe('mergeShards', () => {
  it('should give every term of every venue-year once, in order, with its postings per field in document order', () => {
    const shards = [...mergeShards(indexed, { shardBytes: 4_000, docChunkSize: 4, bibChunkSize: 32, headPostings: 2_000 })]
    expect(shards.length).toBeGreaterThan(10)
    expect(shards.flatMap(({ shard }) => unpackShard(shard))).toEqual(expectedEntries(indexed))
    for (const { start, shard } of shards) expect(start).toBe(shard.terms[0])
  })

  it('should make the same entries whatever the shard size', () => {
    const entries = (shardBytes: number) =>
      [...mergeShards(indexed, { shardBytes, docChunkSize: 4, bibChunkSize: 32, headPostings: 2_000 })].flatMap(({ shard }) => unpackShard(shard))
    expect(entries(1)).toEqual(entries(1e9))
  })
})

describe('shardJson', () => {
  /** A list's documents and postings, from its deltas. */
  const postingsOf = ([field, deltas, tfs, lengths]: FieldPostings) => {
    let doc = 0
    return deltas.map((delta, i) => {
      doc += delta
      return [field, doc, tfs[i], lengths[i]].join(':')
    })
  }

  it('should cut each term of more than twice the head size, one per shard, into a head and a tail that hold its postings once, with its document frequency', () => {
    const headPostings = 30
    const options = { shardBytes: 4_000, docChunkSize: 4, bibChunkSize: 32, headPostings }
    const scoring = shardScoring(indexed)
    let split = 0
    for (const { shard } of mergeShards(indexed, options)) {
      const { json, tail } = shardJson(shard, scoring, options)
      const heads = JSON.parse(json) as Shard
      const tails = new Map((tail === undefined ? [] : (JSON.parse(tail) as Shard)).map((entry) => [entry[0], entry]))
      const whole = unpackShard(shard)
      expect(heads.map(([term]) => term)).toEqual(whole.map(([term]) => term))
      // The worker that cuts a term holds all its postings: one such term per shard.
      expect(tails.size).toBeLessThanOrEqual(1)
      for (const [i, [term, ...lists]] of whole.entries()) {
        const count = lists.reduce((sum, list) => sum + list[1].length, 0)
        const [, ...headLists] = heads[i] as Shard[number]
        const tailEntry = tails.get(term)
        if (count <= 2 * headPostings) {
          expect(tailEntry).toBeUndefined()
          expect(headLists).toEqual(lists)
          continue
        }
        split++
        const [, ...tailLists] = tailEntry as Shard[number]
        const headCount = headLists.reduce((sum, list) => sum + list[1].length, 0)
        // A document's postings stay together, so the head may pass its size by a document's fields.
        expect(headCount).toBeGreaterThanOrEqual(headPostings)
        expect(headCount).toBeLessThan(headPostings + 3)
        const parts = [...headLists, ...tailLists]
        expect(parts.flatMap(postingsOf).sort()).toEqual(lists.flatMap(postingsOf).sort())
        for (const part of parts) expect(part[4]).toBe(lists.find((list) => list[0] === part[0])?.[1].length)
        const headDocs = new Set(headLists.flatMap(postingsOf).map((p) => p.split(':')[1]))
        for (const p of tailLists.flatMap(postingsOf)) expect(headDocs.has(p.split(':')[1] as string)).toBe(false)
      }
    }
    expect(split).toBeGreaterThan(20)
  })
})
