import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { RenderedPaper } from '../../src/paper.ts'
import { indexVenueYear } from '../../src/search/index-venue-year.ts'
import { patchPostings } from '../../src/search/patch-postings.ts'
import { plainPaper as paper } from '../helpers/papers.ts'

// A small vocabulary, so that documents share terms, with words that the processing drops
// (stop words), folds (accents, case) and sorts unusually (astral characters, digits).
const words = ['diffusion', 'Diffusion', 'model', 'models', 'the', 'of', 'graph', 'Réseau', 'reseau', 'x²', '𝛼-stable', 'A*', 'net', '2021', 'zeta']
const text = fc.array(fc.constantFrom(...words), { maxLength: 12 }).map((w) => w.join(' '))

const document = fc.tuple(text, fc.array(fc.constantFrom('Ada Lovelace', 'Alan Turing', 'Émile Borel'), { maxLength: 3 }), text)

describe('patchPostings', () => {
  it('equals indexing the edited venue-year from scratch', () => {
    fc.assert(
      fc.property(fc.array(document, { minLength: 1, maxLength: 12 }), fc.array(fc.tuple(fc.nat(), document), { maxLength: 6 }), (before, edits) => {
        const old = before.map(([t, a, ab], i) => paper(t, a, ab, i))
        const now = [...old]
        for (const [at, [t, a, ab]] of edits) now[at % now.length] = paper(t, a, ab, at % now.length)
        const changed = [...new Set(edits.map(([at]) => at % now.length))].sort((x, y) => x - y)
        expect(patchPostings(indexVenueYear(old), now, changed)).toEqual(indexVenueYear(now))
      }),
      { numRuns: 300 },
    )
  })

  it('drops a term only the edited paper had, and adds a new one', () => {
    const old = [paper('graph model', [], 'unique zeta', 0), paper('graph', [], 'diffusion', 1)]
    const now = [paper('graph model', [], 'novel', 0), old[1] as RenderedPaper]
    const patched = patchPostings(indexVenueYear(old), now, [0])
    expect(patched.terms).toContain('novel')
    expect(patched.terms).not.toContain('zeta')
    expect(patched).toEqual(indexVenueYear(now))
  })

  it('refuses postings of another number of papers', () => {
    const old = [paper('a', [], 'b', 0)]
    expect(() => patchPostings(indexVenueYear(old), [...old, paper('c', [], 'd', 1)], [1])).toThrow(/2 papers for postings of 1/)
  })
})
