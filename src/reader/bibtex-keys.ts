import type { Paper } from '../paper.ts'
import { asciiFold } from './fold.ts'

/** Words a citation key skips when it looks for the first word of the title. */
const stopWords = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'by',
  'can',
  'do',
  'does',
  'for',
  'from',
  'how',
  'in',
  'into',
  'is',
  'it',
  'of',
  'on',
  'or',
  'the',
  'to',
  'toward',
  'towards',
  'via',
  'what',
  'when',
  'where',
  'which',
  'why',
  'with',
])

/** Name suffixes that are not the surname (`Martin Luther King Jr.`). */
const nameSuffixes = new Set(['jr', 'sr', 'ii', 'iii', 'iv'])

// Long names and titles would make unwieldy keys; the prefix is as recognisable.
const maxPart = 24

function asciiWords(value: string, pattern: RegExp): string[] {
  return asciiFold(value)
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(pattern)
    .filter((word) => word !== '')
}

/**
 * The surname of a name as listings write it (`Given Family`, or `Family, Given`): its last
 * word, skipping a suffix, folded to ASCII letters. A name with no ASCII letters at all
 * (`王伟`) gives `''`.
 */
export function surname(name: string): string {
  const comma = name.indexOf(',')
  const family = comma > 0 ? name.slice(0, comma) : name
  const words = family.trim().split(/\s+/)
  while (words.length > 1 && nameSuffixes.has(asciiWords(words.at(-1) as string, /[^a-z]+/).join(''))) words.pop()
  const last = asciiWords(words.at(-1) ?? '', /[^a-z]+/).join('')
  return (last || asciiWords(name, /[^a-z]+/).join('')).slice(0, maxPart)
}

/** First title word that is not a stop word (or the first word, if all are), without math. */
export function firstTitleWord(title: string): string {
  // Math says little as a key (`$\ell_1$` would give `ell`); markdown markup is not a letter.
  const words = asciiWords(title.replace(/\$[^$]*\$/g, ' '), /[^a-z0-9]+/)
  return (words.find((word) => !stopWords.has(word)) ?? words[0] ?? '').slice(0, maxPart)
}

/** `surname + year + first significant title word`, e.g. `xian2021hyperdynamics`. */
export function baseKey(paper: Pick<Paper, 'authors' | 'year' | 'title'>): string {
  const first = paper.authors.find((name) => name.trim() !== '')
  const author = (first === undefined ? '' : surname(first)) || 'anon'
  const year = Number.isSafeInteger(paper.year) && paper.year >= 0 ? String(paper.year) : ''
  return `${author}${year}${firstTitleWord(paper.title)}`
}

/** `a`, `b`, … `z`, `aa`, `ab`, …: bijective base 26, so every suffix is letters only. */
function suffix(n: number): string {
  let out = ''
  for (let k = n + 1; k > 0; k = Math.floor((k - 1) / 26)) out = String.fromCharCode(97 + ((k - 1) % 26)) + out
  return out
}

/**
 * Citation keys for every paper of the site, by paper id: unique across the site and made of
 * `[a-z0-9]` only.
 *
 * The first paper (in the order given, which should be site order) with a base key gets it bare;
 * later papers with the same base key get `a`, `b`, … appended, skipping any string that is some
 * paper's base key. "Stable" therefore means: a paper's key is the same in every build as long
 * as the papers before it with the same base key are the same, and no paper is added whose base
 * key equals the suffixed key. Adding a paper later in site order never changes earlier keys.
 *
 * @throws if two papers share an id, since the map could hold only one of them.
 */
export function bibtexKeys(papers: readonly Pick<Paper, 'id' | 'authors' | 'year' | 'title'>[]): Map<string, string> {
  const bases = papers.map(baseKey)
  // Bare base keys always win: a suffixed key never takes the base key of another paper.
  const taken = new Set(bases)
  const issued = new Set<string>()
  const nextSuffix = new Map<string, number>()
  const keys = new Map<string, string>()
  papers.forEach((paper, i) => {
    if (keys.has(paper.id)) throw new Error(`Duplicate paper id ${paper.id}`)
    const base = bases[i] as string
    let key = base
    if (issued.has(base)) {
      let n = nextSuffix.get(base) ?? 0
      while (taken.has(base + suffix(n))) n++
      key = base + suffix(n)
      nextSuffix.set(base, n + 1)
      taken.add(key)
    }
    issued.add(key)
    keys.set(paper.id, key)
  })
  return keys
}
