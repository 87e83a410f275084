import { describe, expect, it } from 'vitest'
import { likelyNextLetter, likelyNextQuery, type TermWeights } from '../../src/search/predict.ts'

// Shard 0 holds everything before `dig`; shards 1 and 2 lie inside the prefix `dig`.
const manifest = { shardStarts: ['', 'digest', 'digital'] }
const first: TermWeights = {
  terms: ['data', 'dif', 'differ', 'different', 'diffuse', 'diffusion', 'diffusions', 'dig'],
  weights: [50, 1, 10, 30, 5, 60, 8, 2],
}
const loadedOnly =
  (shards: Record<number, TermWeights>) =>
  (shard: number): TermWeights | undefined =>
    shards[shard]

describe('next letter of a word being typed', () => {
  it('should weigh each continuation by the postings of the loaded terms that start with it', () => {
    // diffu: 5 + 60 + 8 against diffe: 10 + 30.
    expect(likelyNextLetter(manifest, 'diff', loadedOnly({ 0: first }))).toEqual({ letter: 'u', share: 73 / 113 })
    expect(likelyNextLetter(manifest, 'diffusio', loadedOnly({ 0: first }))?.letter).toBe('n')
  })

  it('should not guess a letter when the prefix is more likely a whole word', () => {
    // `diffusion` itself (60) outweighs `diffusions` (8).
    expect(likelyNextLetter(manifest, 'diffusion', loadedOnly({ 0: first }))).toBeUndefined()
    // Nothing longer starts with `data`.
    expect(likelyNextLetter(manifest, 'data', loadedOnly({ 0: first }))).toBeUndefined()
  })

  it('should count a shard of the prefix range that is not loaded as an average loaded shard, for the letter its first term has there', () => {
    // Shards 1 (`digest`) and 2 (`digital`) are not loaded: each weighs what shard 0 does (166),
    // credited to `dige` and `digi`; the loaded `dig` (2) is the whole word.
    const guess = likelyNextLetter(manifest, 'dig', loadedOnly({ 0: first }))
    expect(guess?.letter).toMatch(/^[ei]$/)
    expect(guess?.share).toBeCloseTo(166 / (2 + 2 * 166), 9)
    const second: TermWeights = { terms: ['digest', 'digests'], weights: [1, 1] }
    expect(likelyNextLetter(manifest, 'dig', loadedOnly({ 0: first, 1: second }))?.letter).toBe('i')
  })

  it('should count shards alone when none is loaded', () => {
    expect(likelyNextLetter(manifest, 'di', loadedOnly({}))?.letter).toMatch(/^g$/)
  })
})

describe('next query while typing', () => {
  const loaded = loadedOnly({ 0: first })

  it('should add the likely letter to the last word, whatever its case and accents', () => {
    expect(likelyNextQuery(manifest, 'graph diff', loaded)?.query).toBe('graph diffu')
    expect(likelyNextQuery(manifest, 'Diff', loaded)?.query).toBe('Diffu')
    expect(likelyNextQuery(manifest, 'díff', loaded)?.query).toBe('díffu')
  })

  it('should not guess between words', () => {
    expect(likelyNextQuery(manifest, 'diff ', loaded)).toBeUndefined()
    expect(likelyNextQuery(manifest, '', loaded)).toBeUndefined()
  })

  it('should guess a letter with half the weight for a page of documents, or a quarter after a first letter for half a page', () => {
    // `differ` itself (10) against `different` (30): `e` has three quarters.
    expect(likelyNextQuery(manifest, 'differ', loaded)).toEqual({ query: 'differe', documents: 10 })
    const flat = { shardStarts: [''] }
    // After `de`, `a` has 10 of 29.
    const afterTwo: TermWeights = { terms: ['de', 'dea', 'deb', 'dec'], weights: [1, 10, 9, 9] }
    expect(likelyNextQuery(flat, 'de', loadedOnly({ 0: afterTwo }))).toBeUndefined()
    // After `d` (a word of its own, after `x`), `a` has 10 of 29 too.
    const afterOne: TermWeights = { terms: ['d', 'da', 'db', 'dc'], weights: [1, 10, 9, 9] }
    expect(likelyNextQuery(flat, 'x d', loadedOnly({ 0: afterOne }))).toEqual({ query: 'x da', documents: 5 })
    const spread: TermWeights = { terms: ['d', 'da', 'db', 'dc', 'dd', 'de'], weights: [1, 5, 5, 5, 5, 5] }
    expect(likelyNextQuery(flat, 'd', loadedOnly({ 0: spread }))).toBeUndefined()
  })
})
