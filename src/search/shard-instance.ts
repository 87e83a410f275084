import MiniSearch from 'minisearch'
import { type SearchManifest, type Shard, shardsToPlainObject } from './index-format.ts'
import { miniSearchOptions, type SearchDocument, searchFields } from './options.ts'

/**
 * The parts of a MiniSearch instance (7.x) that `loadJS` fills from a serialized index. A shard
 * fills them directly: going through `loadJS` first builds an object keyed by document number
 * per term and field, then converts each to a Map, which took 4–6 times as long per shard; a
 * new shard's instance is built while a keystroke waits. The round-trip test compares the
 * results with MiniSearch's own in-memory index, so a MiniSearch that lays these out otherwise
 * fails it.
 */
interface LoadedIndex {
  _index: { set(term: string, data: Map<number, Map<number, number>>): unknown }
  _documentIds: Map<number, number>
  _idToShortId: Map<number, number>
  _fieldLength: Map<number, number[]>
}

/** Postings filled between two calls of `pause`: about 10 ms of work on a slow machine. */
const slicePostings = 4096

/**
 * A MiniSearch instance over one shard: its terms, and the documents and field lengths its
 * postings name. The tail of a very common term holds a quarter of a million postings at
 * 250,000 papers, about half a second of work: the instance is filled in slices of postings,
 * and `pause` is awaited between them (when it returns a promise), so that a worker answers a
 * keystroke meanwhile; without it, a keystroke arriving while the complete results of the last
 * query loaded waited for all of it.
 */
export async function shardInstance(manifest: SearchManifest, shard: Shard, pause?: () => Promise<void> | undefined): Promise<MiniSearch<SearchDocument>> {
  const instance = MiniSearch.loadJS<SearchDocument>(shardsToPlainObject(manifest, []), miniSearchOptions)
  const loaded = instance as unknown as LoadedIndex
  let filled = 0
  for (const [term, ...postings] of shard) {
    const data = new Map<number, Map<number, number>>()
    for (const [fieldId, deltas, tfs, lengths, documentFrequency] of postings) {
      const entry = new Map<number, number>()
      // A head or a tail: MiniSearch reads the term's document frequency from the map's size.
      if (documentFrequency !== undefined) Object.defineProperty(entry, 'size', { value: documentFrequency })
      let doc = 0
      for (let i = 0; i < deltas.length; i++) {
        if (pause && ++filled === slicePostings) {
          filled = 0
          const paused = pause()
          if (paused) await paused
        }
        doc += deltas[i] as number
        entry.set(doc, tfs[i] as number)
        let lengthsOfDoc = loaded._fieldLength.get(doc)
        if (!lengthsOfDoc) {
          lengthsOfDoc = new Array<number>(searchFields.length).fill(0)
          loaded._fieldLength.set(doc, lengthsOfDoc)
          loaded._documentIds.set(doc, doc)
          loaded._idToShortId.set(doc, doc)
        }
        lengthsOfDoc[fieldId] = lengths[i] as number
      }
      data.set(fieldId, entry)
    }
    loaded._index.set(term, data)
  }
  return instance
}
