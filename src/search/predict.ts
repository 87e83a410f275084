import { type SearchManifest, shardsWithPrefix } from './index-format.ts'
import { foldTerm, separator, tokenize } from './options.ts'
import { resultsPerPage } from './query.ts'
import { partitionPoint } from './sorted.ts'

/**
 * What the next keystroke most likely adds to a query being typed, so that the worker can load
 * what that query needs while the user is still between keys.
 */

/** A loaded shard's terms, sorted, with how many postings each has (how much the catalog uses it). */
export interface TermWeights {
  terms: readonly string[]
  weights: readonly number[]
}

/**
 * The letter that most likely follows `prefix` in a word, each continuation weighed by its
 * postings: counted in the shards that are loaded, and for every other shard of the prefix
 * range, as much as an average loaded shard holds, credited to the letter its first term has
 * there. Undefined when the prefix is more likely a whole word (its own term outweighs every
 * continuation) or when nothing is known to follow it.
 */
export function likelyNextLetter(
  manifest: Pick<SearchManifest, 'shardStarts'>,
  prefix: string,
  loaded: (shard: number) => TermWeights | undefined,
): { letter: string; share: number } | undefined {
  const byLetter = new Map<string, number>()
  const add = (letter: string, weight: number) => byLetter.set(letter, (byLetter.get(letter) ?? 0) + weight)
  const unloadedLetters: string[] = []
  let whole = 0
  let loadedWeight = 0
  let loadedShards = 0
  for (const shard of shardsWithPrefix(manifest, prefix)) {
    const known = loaded(shard)
    if (!known) {
      const start = manifest.shardStarts[shard] as string
      if (start.length > prefix.length && start.startsWith(prefix)) unloadedLetters.push(letterAt(start, prefix.length))
      continue
    }
    loadedShards++
    for (const weight of known.weights) loadedWeight += weight
    const terms = known.terms
    for (let i = partitionPoint(terms.length, (j) => (terms[j] as string) < prefix); i < terms.length; i++) {
      const term = terms[i] as string
      if (!term.startsWith(prefix)) break
      if (term.length === prefix.length) whole += known.weights[i] as number
      else add(letterAt(term, prefix.length), known.weights[i] as number)
    }
  }
  const perShard = loadedShards > 0 ? loadedWeight / loadedShards : 1
  for (const letter of unloadedLetters) add(letter, perShard)
  let best: string | undefined
  let bestWeight = whole
  let total = whole
  for (const [letter, weight] of byLetter) {
    total += weight
    if (weight > bestWeight) {
      best = letter
      bestWeight = weight
    }
  }
  return best === undefined ? undefined : { letter: best, share: bestWeight / total }
}

/**
 * How sure a guess must be (its letter's share of the weight after the prefix) to fetch its
 * shards and its page of documents (about 30 kB): half. Early letters of a word (`di`, `gra`)
 * rarely reach it, later ones almost always do.
 */
const minShare = 0.5
/**
 * After a first letter, a quarter is a good guess already (the second letter is the hardest to
 * guess); it fetches the shard and the top half of the page, which keeps what a wrong guess
 * costs a first visit to about 30 kB.
 */
const minShareAfterFirstLetter = 0.25

/**
 * The query the next keystroke most likely makes of `q` (its last word one letter longer), and
 * how many documents of its page to fetch ahead. Undefined when `q` ends between words (the
 * next word may start with anything) or when no letter is likely enough.
 */
export function likelyNextQuery(
  manifest: Pick<SearchManifest, 'shardStarts'>,
  q: string,
  loaded: (shard: number) => TermWeights | undefined,
): { query: string; documents: number } | undefined {
  const last = q.at(-1)
  if (last === undefined || separator.test(last)) return undefined
  const word = tokenize(q).at(-1)
  if (word === undefined) return undefined
  const prefix = foldTerm(word)
  const next = likelyNextLetter(manifest, prefix, loaded)
  if (!next) return undefined
  const query = q + next.letter
  if (next.share >= minShare) return { query, documents: resultsPerPage }
  if (next.share >= minShareAfterFirstLetter && [...prefix].length === 1) return { query, documents: Math.ceil(resultsPerPage / 2) }
  return undefined
}

function letterAt(term: string, index: number): string {
  return String.fromCodePoint(term.codePointAt(index) as number)
}
