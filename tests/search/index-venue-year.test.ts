import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { RenderedPaper } from '../../src/paper.ts'
import { indexVenueYear, searchFieldsOf, type VenueYearPostings } from '../../src/search/index-venue-year.ts'
import { processTerm, searchFields, tokenize } from '../../src/search/options.ts'
import { plainPaper } from '../helpers/papers.ts'

// Words that the processing keeps, drops (stop words, single letters), folds together (case,
// accents) and sorts unusually (astral characters, digits).
const words = ['diffusion', 'Diffusion', 'DIFFUSION', 'model', 'the', 'The', 'a', 'x', 'Réseau', 'reseau', 'x²', '𝛼-stable', 'A*', '2021', 'zeta', 'ζ']
const text = fc.array(fc.constantFrom(...words), { maxLength: 14 }).map((w) => w.join(' '))
const document = fc.tuple(text, fc.array(fc.constantFrom('Ada Lovelace', 'Alan Turing', 'Émile Borel', 'Ada'), { maxLength: 3 }), text)

const paper = ([title, authors, abstract]: [string, string[], string], i: number) => plainPaper(title, authors, abstract, i)

/**
 * The postings spelled out the plain way: for every sorted term and every field it occurs in,
 * the documents in order with the term's frequency there and the field's length in distinct
 * tokens (as MiniSearch counts it, stop words included).
 */
function reference(papers: readonly RenderedPaper[]) {
  const byTerm = new Map<string, Map<number, [doc: number, tf: number, length: number][]>>()
  const fieldLengths: number[] = []
  papers.forEach((p, doc) => {
    searchFieldsOf(p).forEach((value, field) => {
      const tokens = tokenize(value)
      const length = new Set(tokens).size
      fieldLengths.push(length)
      const tf = new Map<string, number>()
      for (const token of tokens) {
        const term = processTerm(token)
        if (term !== null) tf.set(term, (tf.get(term) ?? 0) + 1)
      }
      for (const [term, n] of tf) {
        const fields = byTerm.get(term) ?? new Map()
        byTerm.set(term, fields)
        fields.set(field, [...(fields.get(field) ?? []), [doc, n, length]])
      }
    })
  })
  const terms = [...byTerm.keys()].sort()
  return {
    terms,
    fieldLengths,
    entries: terms.map((term) => [...(byTerm.get(term) as Map<number, [number, number, number][]>)].sort(([a], [b]) => a - b)),
  }
}

/** The same view of what `indexVenueYear` made. */
function spelledOut(p: VenueYearPostings) {
  return {
    terms: p.terms,
    fieldLengths: [...p.fieldLengths],
    entries: p.terms.map((_, t) => {
      const entries: [number, [number, number, number][]][] = []
      for (let e = p.termEntries[t] as number; e < (p.termEntries[t + 1] as number); e++) {
        const postings: [number, number, number][] = []
        for (let i = p.entryPostings[e] as number; i < (p.entryPostings[e + 1] as number); i++) {
          postings.push([p.docs[i] as number, p.tfs[i] as number, p.lengths[i] as number])
        }
        entries.push([p.entryField[e] as number, postings])
      }
      return entries
    }),
  }
}

describe('indexVenueYear', () => {
  it('should give every term, field by field, with its documents, frequencies and field lengths', () => {
    fc.assert(
      fc.property(fc.array(document, { maxLength: 25 }), (docs) => {
        const papers = docs.map(paper)
        const postings = indexVenueYear(papers)
        expect(postings.count).toBe(papers.length)
        expect(spelledOut(postings)).toEqual(reference(papers))
        expect(postings.fieldLengths.length).toBe(papers.length * searchFields.length)
      }),
      { numRuns: 300 },
    )
  })

  it('should index the same after it has seen more distinct tokens than it keeps numbered', () => {
    const papers = [
      ['Diffusion models', ['Ada Lovelace'], 'The diffusion of réseau graphs'],
      ['Graph nets', ['Alan Turing', 'Ada Lovelace'], 'A model of the reseau'],
    ].map((d, i) => paper(d as [string, string[], string], i))
    const before = indexVenueYear(papers)
    // 600,000 distinct tokens, past the numbering's limit: the next call starts afresh.
    const many = Array.from({ length: 60 }, (_, i) => paper([`t${i}`, [], Array.from({ length: 10_000 }, (_, j) => `w${i}x${j}`).join(' ')], i))
    expect(indexVenueYear(many).terms.length).toBe(600_060)
    expect(indexVenueYear(papers)).toEqual(before)
    expect(spelledOut(before)).toEqual(reference(papers))
  })
})
