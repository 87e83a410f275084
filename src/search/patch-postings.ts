import type { RenderedPaper } from '../paper.ts'
import { indexVenueYear, type VenueYearPostings } from './index-venue-year.ts'
import { searchFields } from './options.ts'

/**
 * The postings of a venue-year whose papers are those `previous` was made from except the
 * documents `changed` (ascending; same count, same order): `previous` with those documents taken
 * out and their new text tokenized and merged in. The result is exactly what `indexVenueYear`
 * makes of `papers`, for the cost of tokenizing only what changed: an edited abstract in a
 * venue-year of thousands of papers re-tokenizes one paper, not all of them.
 */
export function patchPostings(previous: VenueYearPostings, papers: readonly RenderedPaper[], changed: readonly number[]): VenueYearPostings {
  if (papers.length !== previous.count) throw new Error(`patchPostings: ${papers.length} papers for postings of ${previous.count}`)
  const fresh = indexVenueYear(changed.map((doc) => papers[doc] as RenderedPaper))
  const fields = searchFields.length
  const gone = new Uint8Array(previous.count)
  for (const doc of changed) gone[doc] = 1
  const fieldLengths = previous.fieldLengths.slice()
  for (const [j, doc] of changed.entries()) fieldLengths.set(fresh.fieldLengths.subarray(j * fields, (j + 1) * fields), doc * fields)

  const terms: string[] = []
  const termEntries = new Uint32Array(previous.terms.length + fresh.terms.length + 1)
  const entryField = new Uint8Array(previous.entryField.length + fresh.entryField.length)
  const entryPostings = new Uint32Array(entryField.length + 1)
  const postingRoom = previous.docs.length + fresh.docs.length
  const docs = new Uint32Array(postingRoom)
  const tfs = new Uint32Array(postingRoom)
  const lengths = new Uint32Array(postingRoom)
  let e = 0
  let p = 0
  let a = 0
  let b = 0
  while (a < previous.terms.length || b < fresh.terms.length) {
    const termA = previous.terms[a]
    const termB = fresh.terms[b]
    // Both lists are sorted the way `indexVenueYear` sorts (UTF-16 code units), as `<` compares.
    const term = (termB === undefined || (termA !== undefined && termA < termB) ? termA : termB) as string
    let entryA = termA === term ? (previous.termEntries[a] as number) : 0
    const endA = termA === term ? (previous.termEntries[++a] as number) : 0
    let entryB = termB === term ? (fresh.termEntries[b] as number) : 0
    const endB = termB === term ? (fresh.termEntries[++b] as number) : 0
    const firstEntry = e
    for (let field = 0; field < fields; field++) {
      let pa = 0
      let stopA = 0
      if (entryA < endA && previous.entryField[entryA] === field) {
        pa = previous.entryPostings[entryA] as number
        stopA = previous.entryPostings[++entryA] as number
      }
      let pb = 0
      let stopB = 0
      if (entryB < endB && fresh.entryField[entryB] === field) {
        pb = fresh.entryPostings[entryB] as number
        stopB = fresh.entryPostings[++entryB] as number
      }
      const start = p
      // Both posting lists are in document order; merge them, leaving out the changed documents' old postings.
      while (pa < stopA || pb < stopB) {
        const docA = pa < stopA ? (previous.docs[pa] as number) : Number.POSITIVE_INFINITY
        const docB = pb < stopB ? (changed[fresh.docs[pb] as number] as number) : Number.POSITIVE_INFINITY
        if (docA < docB) {
          if (!gone[docA]) {
            docs[p] = docA
            tfs[p] = previous.tfs[pa] as number
            lengths[p] = previous.lengths[pa] as number
            p++
          }
          pa++
        } else {
          docs[p] = docB
          tfs[p] = fresh.tfs[pb] as number
          lengths[p] = fresh.lengths[pb] as number
          p++
          pb++
        }
      }
      if (p > start) {
        entryField[e] = field
        entryPostings[e] = start
        e++
      }
    }
    // A term only the changed documents had before is gone.
    if (e > firstEntry) {
      termEntries[terms.length] = firstEntry
      terms.push(term)
    }
  }
  termEntries[terms.length] = e
  entryPostings[e] = p
  return {
    count: previous.count,
    terms,
    termEntries: termEntries.slice(0, terms.length + 1),
    entryField: entryField.slice(0, e),
    entryPostings: entryPostings.slice(0, e + 1),
    docs: docs.slice(0, p),
    tfs: tfs.slice(0, p),
    lengths: lengths.slice(0, p),
    fieldLengths,
  }
}
