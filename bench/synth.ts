/**
 * Seeded synthetic corpus: listing files in the real layout (`<VENUE>/<YEAR>/<VENUE>-<YEAR>-listNN.md`,
 * 200 records per file, navigation lines, `README.md` index files) whose titles, abstracts and
 * author lists follow the distributions measured on the real corpus (bench/corpus-profile.ts)
 * with words drawn from its vocabulary (bench/vocabulary.txt). The same options always give
 * byte-identical files. Files are generated and written one at a time, so memory stays flat
 * whatever the number of papers (but for the author names, kept so that authors recur).
 *
 * CLI: node bin/run-ts.js bench/synth.ts --papers 27000 --seed 1 --out /tmp/x [--format plain|indented-crlf|mixed]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { corpusProfile } from './corpus-profile.ts'

export type CorpusFormat = 'plain' | 'indented-crlf' | 'mixed'

export interface GenerateOptions {
  /** Exact number of records to write. */
  papers: number
  seed: number
  /** Folder to write into (created if missing). Existing venue folders are never overwritten. */
  outDir: string
  /**
   * `plain`: LF line endings, no indentation, as the real corpus. `indented-crlf`: every
   * non-blank line of a record indented by 8 spaces, CRLF line endings, as another generator
   * writes them. `mixed`: each listing file picks one of the two (seeded).
   */
  format: CorpusFormat
  /** Venue keys not to generate (e.g. those of a real corpus the synthetic one tops up). */
  excludeVenues?: readonly string[]
  /** Records per listing file (default 200, as in the real corpus). */
  perFile?: number
}

export interface GenerateStats {
  /** Listing files written (README.md index files not included). */
  files: number
  papers: number
  /** Bytes of all files written, index files included. */
  bytes: number
  venueYears: number
  /** README.md index files written. */
  indexFiles: number
}

/** Venue keys with the folder name used on disk; 2015–2025 each. */
export const synthVenues: ReadonlyArray<readonly [key: string, folder: string]> = [
  ['icml', 'ICML'],
  ['cvpr', 'CVPR'],
  ['acl', 'ACL'],
  ['kdd', 'KDD'],
  ['aaai', 'AAAI'],
  ['neurips', 'NeurIPS'],
  ['iclr', 'ICLR'],
  ['emnlp', 'EMNLP'],
  ['naacl', 'NAACL'],
  ['coling', 'COLING'],
  ['iccv', 'ICCV'],
  ['eccv', 'ECCV'],
  ['wacv', 'WACV'],
  ['ijcai', 'IJCAI'],
  ['aistats', 'AISTATS'],
  ['colt', 'COLT'],
  ['uai', 'UAI'],
  ['corl', 'CoRL'],
  ['sigir', 'SIGIR'],
  ['www', 'WWW'],
  ['tmlr', 'TMLR'],
]
const firstYear = 2015
const lastYear = 2025
const minVenueYear = 500
const maxVenueYear = 4000

// ---------------------------------------------------------------------------------------------
// Random numbers

/** mulberry32: small, fast, good enough for test data, and the same on every platform. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Independent streams from one seed (layout, content, format), so that e.g. the format does not change the text. */
function stream(seed: number, salt: number): () => number {
  const mix = createRandom((seed ^ Math.imul(salt, 0x9e3779b1)) >>> 0)
  mix()
  return createRandom(Math.floor(mix() * 4294967296))
}

/** Sampling in proportion to weights, by binary search over the cumulative weights. */
class Weighted<T> {
  private readonly cumulative: Float64Array
  private readonly total: number
  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0) throw new Error('empty distribution')
    this.cumulative = new Float64Array(weights.length)
    let sum = 0
    weights.forEach((w, i) => {
      sum += w
      this.cumulative[i] = sum
    })
    this.total = sum
  }
  pick(random: () => number): T {
    const x = random() * this.total
    let lo = 0
    let hi = this.cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((this.cumulative[mid] as number) > x) hi = mid
      else lo = mid + 1
    }
    return this.items[lo] as T
  }
}

/** A histogram of `[value, count]` pairs; bucketed ones are sampled uniformly within the bucket. */
function fromHistogram(histogram: ReadonlyArray<readonly [number, number]>, bucket = 1): (random: () => number) => number {
  const weighted = new Weighted(
    histogram.map(([v]) => v),
    histogram.map(([, c]) => c),
  )
  return (random) => weighted.pick(random) + (bucket > 1 ? Math.floor(random() * bucket) : 0)
}

// ---------------------------------------------------------------------------------------------
// Vocabulary and distributions

interface Vocabulary {
  words: Weighted<string>
  titleWords: Weighted<string>
  firstNames: Weighted<string>
  lastNames: Weighted<string>
  math: Weighted<string>
}

/** Names the real corpus has too few of to make the top lists, so that non-ASCII ones are always present. */
const extraFirstNames = ['Raphaël', 'Jürgen', 'Łukasz', 'Zoë', 'Søren', 'Bjørn', 'Çağlar', 'Ana-María', 'Nuño', 'Dmitrii']
const extraLastNames = ['Müller', 'Kaiser', 'Schölkopf', 'Gülçehre', 'Łącki', 'Ó Séaghdha', 'Núñez', 'Dvořák', 'Øksendal', "O'Brien"]

let vocabularyCache: Vocabulary | undefined

function loadVocabulary(): Vocabulary {
  if (vocabularyCache) return vocabularyCache
  const text = readFileSync(fileURLToPath(new URL('./vocabulary.txt', import.meta.url)), 'utf8')
  const sections = new Map<string, { items: string[]; weights: number[] }>()
  let current: { items: string[]; weights: number[] } | undefined
  for (const line of text.split('\n')) {
    if (line.startsWith('# ')) {
      current = { items: [], weights: [] }
      sections.set(line.slice(2).trim(), current)
      continue
    }
    const tab = line.lastIndexOf('\t')
    if (!current || tab < 0) continue
    current.items.push(line.slice(0, tab))
    current.weights.push(Number(line.slice(tab + 1)))
  }
  const section = (name: string, extra: string[] = []) => {
    const s = sections.get(name)
    if (!s || s.items.length === 0) throw new Error(`bench/vocabulary.txt has no "${name}" section`)
    const median = s.weights[Math.floor(s.weights.length / 2)] ?? 1
    return new Weighted([...s.items, ...extra], [...s.weights, ...extra.map(() => median)])
  }
  vocabularyCache = {
    words: section('words'),
    titleWords: section('title-words'),
    firstNames: section('first-names', extraFirstNames),
    lastNames: section('last-names', extraLastNames),
    math: section('math'),
  }
  return vocabularyCache
}

const p = corpusProfile
const titleLength = fromHistogram(p.titleWords.histogram)
const abstractLength = fromHistogram(p.abstractWords.histogram, p.abstractWords.bucket)
const sentenceLength = fromHistogram(p.sentenceWords.histogram, p.sentenceWords.bucket)
const paragraphCount = fromHistogram(p.paragraphs.histogram.filter(([v]) => v > 1))
const authorCount = fromHistogram(p.authors.histogram)
const nameParts = fromHistogram(p.nameParts.filter(([v]) => v >= 2))
const mathSpans = fromHistogram(p.mathSpansPerMathAbstract.histogram)
const wrappedLines = fromHistogram(p.linesPerHardWrappedParagraph.histogram)
const f = p.abstractFeatures
const tf = p.titleFeatures

// ---------------------------------------------------------------------------------------------
// Records

const syllables = [
  'ka',
  'lo',
  'ver',
  'tra',
  'mi',
  'no',
  'sen',
  'dra',
  'pho',
  'lex',
  'qua',
  'ri',
  'zon',
  'ty',
  'gra',
  'mo',
  'ne',
  'ste',
  'bi',
  'ul',
  'cor',
  'fa',
  'dyn',
  'ex',
]

/**
 * A rare word for the share of tokens outside the committed vocabulary: rank drawn Zipf-like
 * (log-uniform over a large space), spelled deterministically from the rank, so that the number
 * of distinct words keeps growing with the corpus as real text does.
 */
function rareWord(random: () => number): string {
  let rank = Math.floor(Math.exp(Math.log(600) + random() * Math.log(150_000 / 600)))
  let word = ''
  do {
    word += syllables[rank % syllables.length]
    rank = Math.floor(rank / syllables.length)
  } while (rank > 0)
  return word
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

function chance(random: () => number, probability: number): boolean {
  return random() < probability
}

function pickOf<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T
}

function word(random: () => number, vocab: Vocabulary): string {
  return chance(random, p.vocabulary.tailMass) ? rareWord(random) : vocab.words.pick(random)
}

function title(random: () => number, vocab: Vocabulary): string {
  const n = titleLength(random)
  const parts: string[] = []
  for (let i = 0; i < n; i++) parts.push(vocab.titleWords.pick(random))
  parts[0] = capitalize(parts[0] as string)
  if (n >= 4 && chance(random, tf.colon)) {
    // `Name: rest`, the name made of two words (`HyperDynamics`) or an acronym.
    const a = capitalize(vocab.titleWords.pick(random))
    const b = capitalize(vocab.titleWords.pick(random))
    const name = chance(random, 0.3) ? (a.slice(0, 2) + b.slice(0, 2)).toUpperCase() : a + b
    parts[0] = `${name}:`
    parts[1] = capitalize(parts[1] as string)
  }
  if (chance(random, tf.math)) parts.splice(1 + Math.floor(random() * (parts.length - 1)), 0, vocab.math.pick(random))
  if (chance(random, tf.ampersand)) parts.splice(1 + Math.floor(random() * (parts.length - 1)), 0, '&')
  if (chance(random, tf.underscore)) parts.push(`${vocab.words.pick(random)}_${vocab.words.pick(random)}`)
  if (chance(random, tf.asterisk)) parts[parts.length - 1] = `${parts.at(-1)}*`
  let text = parts.join(' ')
  if (chance(random, tf.question)) text += '?'
  return text
}

function authors(random: () => number, vocab: Vocabulary, people: AuthorPool): string {
  const n = authorCount(random)
  const names: string[] = []
  for (let i = 0; i < n; i++) {
    const parts = nameParts(random)
    const name = [vocab.firstNames.pick(random)]
    for (let k = 2; k < parts; k++) name.push(chance(random, 0.5) ? `${vocab.firstNames.pick(random).charAt(0)}.` : vocab.firstNames.pick(random))
    name.push(vocab.lastNames.pick(random))
    names.push(people.author(name.join(' '), names))
  }
  return names.join(', ')
}

/**
 * How authors recur in a corpus: the share of author slots (a name once per paper, blank names
 * aside) held by someone with an earlier paper, and the most papers any one author has.
 * `corpus-stats.ts` measures the real corpus's `authorReuse` with it.
 */
export function authorRecurrence(papers: readonly { authors: readonly string[] }[]): { reuse: number; mostPapers: number } {
  const perAuthor = new Map<string, number>()
  let slots = 0
  for (const paper of papers) {
    for (const name of new Set(paper.authors)) {
      if (name.trim() === '') continue
      slots++
      perAuthor.set(name, (perAuthor.get(name) ?? 0) + 1)
    }
  }
  return { reuse: slots === 0 ? 0 : 1 - perAuthor.size / slots, mostPapers: Math.max(0, ...perAuthor.values()) }
}

/**
 * Who fills an author slot. In the real corpus 46 % of author slots (`authorReuse`) name someone
 * with an earlier paper, and a few people have dozens. Here a slot names an earlier author
 * whenever the share so far is below that (new names drawn from the vocabulary repeat by chance
 * too: common names do), picked in proportion to their papers so far, so the prolific get more.
 * The pick has a random stream of its own, and the new name is drawn either way, so titles and
 * abstracts are the same as without reuse.
 */
class AuthorPool {
  /** Every author slot so far: a uniform pick from it is a pick in proportion to papers. */
  private readonly slots: string[] = []
  private readonly people = new Set<string>()

  constructor(
    private readonly random: () => number,
    private readonly reuse: number,
  ) {}

  author(fresh: string, paper: readonly string[]): string {
    let name = fresh
    if (this.slots.length > 0 && 1 - this.people.size / this.slots.length < this.reuse) {
      const earlier = this.slots[Math.floor(this.random() * this.slots.length)] as string
      if (!paper.includes(earlier)) name = earlier
    }
    this.slots.push(name)
    this.people.add(name)
    return name
  }
}

const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
function randomString(random: () => number, length: number, alphabet = alnum): string {
  let s = ''
  for (let i = 0; i < length; i++) s += alphabet.charAt(Math.floor(random() * alphabet.length))
  return s
}

/** A link in the style of the venue's proceedings. */
function paperUrl(random: () => number, venue: string, year: number, index: number, vocab: Vocabulary): string {
  switch (venue) {
    case 'iclr':
    case 'tmlr':
      return `https://openreview.net/forum?id=${randomString(random, 10, `${alnum}_-`)}`
    case 'neurips':
      return `https://proceedings.neurips.cc/paper_files/paper/${year}/hash/${randomString(random, 32, '0123456789abcdef')}-Abstract-Conference.html`
    case 'acl':
    case 'emnlp':
    case 'naacl':
    case 'coling':
      return `https://aclanthology.org/${year}.${venue}-main.${index + 1}/`
    case 'cvpr':
    case 'iccv':
    case 'wacv':
    case 'eccv': {
      const v = venue.toUpperCase()
      return `https://openaccess.thecvf.com/content/${v}${year}/html/${capitalize(
        vocab.lastNames
          .pick(random)
          .normalize('NFKD')
          .replace(/[^A-Za-z]/g, '') || 'Anon',
      )}_${capitalize(vocab.titleWords.pick(random).replace(/[^A-Za-z]/g, ''))}_${v}_${year}_paper.html`
    }
    case 'kdd':
    case 'sigir':
    case 'www':
      return `https://doi.org/10.1145/${randomString(random, 7, '0123456789')}.${randomString(random, 7, '0123456789')}`
    case 'aaai':
      return `https://ojs.aaai.org/index.php/AAAI/article/view/${10000 + Math.floor(random() * 30000)}`
    case 'ijcai':
      return `https://www.ijcai.org/proceedings/${year}/${String(index + 1).padStart(4, '0')}`
    default:
      return `https://proceedings.mlr.press/v${100 + (year - firstYear) * 12 + Math.floor(random() * 12)}/${randomString(random, 6, 'abcdefghijklmnopqrstuvwxyz')}${String(year).slice(2)}a.html`
  }
}

/** Tokens that exercise markdown: each kind appears in about the share of abstracts the real corpus has it in. */
function hazards(random: () => number, vocab: Vocabulary): string[] {
  const out: string[] = []
  const w = () => vocab.words.pick(random)
  const hasMath = chance(random, f.math)
  if (hasMath) {
    const n = mathSpans(random)
    for (let i = 0; i < n; i++) out.push(vocab.math.pick(random))
  }
  // The rest are outside math (math spans from the real pool bring their own `_`, `\\`, `*` and `<`).
  if (chance(random, f.backslashOutsideMath))
    out.push(pickOf(random, [`${Math.floor(random() * 99) + 1}\\%`, `\\emph{${w()}}`, `\\textit{${w()}}`, `{\\em ${w()}}`, `\\texttt{${w()}}`]))
  if (chance(random, f.underscoreOutsideMath)) out.push(chance(random, 0.5) ? `${w()}_${w()}` : `x_${Math.floor(random() * 9)}`)
  if (chance(random, f.asteriskOutsideMath)) out.push(pickOf(random, [`*${w()}*`, `A*`, `**${w()}**`, `${w()}*`]))
  if (chance(random, f.lessThanOutsideMath)) out.push(chance(random, 0.5) ? `<${Math.floor(random() * 500)}` : `(p<0.05)`)
  if (chance(random, f.ampersand)) out.push(`${capitalize(w())} & ${capitalize(w())}`)
  if (chance(random, f.codeSpan)) out.push(`\`${w()}_${w()}()\``)
  if (chance(random, f.latexQuotes)) out.push(`\`\`${w()} ${w()}${chance(random, 0.5) ? "''" : '"'}`)
  return out
}

function abstract(random: () => number, vocab: Vocabulary): string[] {
  const target = Math.max(10, abstractLength(random))
  const sentences: string[] = []
  let count = 0
  while (count < target) {
    const n = Math.max(3, Math.min(target - count, sentenceLength(random)))
    const s: string[] = []
    for (let i = 0; i < n; i++) {
      let token = word(random, vocab)
      if (chance(random, 0.012)) token = chance(random, 0.5) ? String(Math.floor(random() * 1000)) : `${(random() * 100).toFixed(1)}%`
      if (i < n - 1 && chance(random, p.commasPerWord)) token += ','
      s.push(token)
    }
    s[0] = capitalize(s[0] as string)
    sentences.push(`${s.join(' ')}.`)
    count += n
  }
  // Markdown hazards go into random sentences, after a word.
  for (const token of hazards(random, vocab)) {
    const k = Math.floor(random() * sentences.length)
    const sentence = sentences[k] as string
    const space = sentence.indexOf(' ', Math.floor(random() * sentence.length))
    sentences[k] = space < 0 ? `${sentence.slice(0, -1)} ${token}.` : `${sentence.slice(0, space)} ${token}${sentence.slice(space)}`
  }
  if (chance(random, f.url)) {
    sentences.push(
      `Code is available at https://github.com/${
        vocab.lastNames
          .pick(random)
          .toLowerCase()
          .replace(/[^a-z]/g, '') || 'lab'
      }/${rareWord(random)}.`,
    )
  }
  // Paragraphs (rarely more than one) and hard-wrapped lines (rarer still).
  const paragraphs = chance(random, f.multiParagraph) ? Math.min(sentences.length, paragraphCount(random)) : 1
  const lines: string[] = []
  const per = Math.ceil(sentences.length / paragraphs)
  for (let start = 0; start < sentences.length; start += per) {
    const para = sentences.slice(start, start + per)
    if (lines.length > 0) lines.push('')
    if (chance(random, f.hardLineBreaks) && para.length > 1) {
      const n = Math.min(para.length, wrappedLines(random))
      const size = Math.ceil(para.length / n)
      for (let i = 0; i < para.length; i += size) lines.push(para.slice(i, i + size).join(' '))
    } else {
      lines.push(para.join(' '))
    }
  }
  return lines
}

/** One record's lines, without the trailing `----`. */
function record(random: () => number, vocab: Vocabulary, people: AuthorPool, venue: string, year: number, index: number): string[] {
  const url = paperUrl(random, venue, year, index, vocab)
  return [
    `## [${index}] ${title(random, vocab)}`,
    '',
    `**Authors**: *${authors(random, vocab, people)}*`,
    '',
    `**Conference**: *${venue} ${year}*`,
    '',
    `**URL**: [${url}](${url})`,
    '',
    '**Abstract**:',
    '',
    ...abstract(random, vocab),
    '',
    '----',
    '',
  ]
}

// ---------------------------------------------------------------------------------------------
// Layout

interface VenueYear {
  venue: string
  folder: string
  year: number
  papers: number
}

/** Venue-years of 500–4,000 papers (log-uniform) in a seeded order, adding up to exactly `papers`. */
export function planVenueYears(papers: number, seed: number, excludeVenues: readonly string[] = []): VenueYear[] {
  const random = stream(seed, 1)
  const excluded = new Set(excludeVenues.map((v) => v.toLowerCase()))
  const slots: Array<{ venue: string; folder: string; year: number }> = []
  for (const [venue, folder] of synthVenues) {
    if (excluded.has(venue)) continue
    for (let year = firstYear; year <= lastYear; year++) slots.push({ venue, folder, year })
  }
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[slots[i], slots[j]] = [slots[j] as VenueYear, slots[i] as VenueYear]
  }
  const plan: VenueYear[] = []
  let left = papers
  for (const slot of slots) {
    if (left <= 0) break
    const size = Math.round(Math.exp(Math.log(minVenueYear) + random() * Math.log(maxVenueYear / minVenueYear)))
    plan.push({ ...slot, papers: Math.min(size, left) })
    left -= Math.min(size, left)
  }
  if (left > 0) throw new Error(`${papers} papers do not fit in ${slots.length} venue-years of at most ${maxVenueYear}`)
  // Keep every venue-year at 500 or more where the total allows it: the last takes from the one before.
  const last = plan.at(-1)
  const before = plan.at(-2)
  if (last && before && last.papers < minVenueYear) {
    const sum = last.papers + before.papers
    if (sum <= maxVenueYear) {
      before.papers = sum
      plan.pop()
    } else {
      before.papers = Math.ceil(sum / 2)
      last.papers = Math.floor(sum / 2)
    }
  }
  return plan
}

const listName = (folder: string, year: number, n: number) => `${folder}-${year}-list${String(n).padStart(2, '0')}.md`

/** Write the corpus file by file; see {@link GenerateOptions}. */
export function generateCorpus(options: GenerateOptions): GenerateStats {
  const { papers, seed, format } = options
  const perFile = options.perFile ?? 200
  if (!Number.isInteger(papers) || papers < 0) throw new Error(`Invalid paper count ${papers}`)
  if (!['plain', 'indented-crlf', 'mixed'].includes(format)) throw new Error(`Invalid format ${format}`)
  const outDir = resolve(options.outDir)
  const vocab = loadVocabulary()
  const plan = planVenueYears(papers, seed, options.excludeVenues)
  const content = stream(seed, 2)
  const formats = stream(seed, 3)
  const people = new AuthorPool(stream(seed, 4), corpusProfile.authorReuse)
  const stats: GenerateStats = { files: 0, papers: 0, bytes: 0, venueYears: plan.length, indexFiles: 0 }
  const write = (path: string, text: string) => {
    writeFileSync(path, text)
    stats.bytes += Buffer.byteLength(text)
  }

  mkdirSync(outDir, { recursive: true })
  const yearsOf = new Map<string, number[]>()
  for (const vy of plan) {
    const dir = join(outDir, vy.folder, String(vy.year))
    if (existsSync(dir)) throw new Error(`${dir} exists already; generate into an empty folder`)
    mkdirSync(dir, { recursive: true })
    const fileCount = Math.ceil(vy.papers / perFile)
    const names: string[] = []
    for (let n = 1; n <= fileCount; n++) {
      const name = listName(vy.folder, vy.year, n)
      names.push(name)
      const indented = format === 'indented-crlf' || (format === 'mixed' && formats() < 0.5)
      const lines: string[] = []
      const first = (n - 1) * perFile
      const end = Math.min(vy.papers, n * perFile)
      for (let index = first; index < end; index++) {
        const rec = record(content, vocab, people, vy.venue, vy.year, index)
        if (indented) for (const line of rec) lines.push(line === '' ? '' : `        ${line}`)
        else for (const line of rec) lines.push(line)
      }
      lines.push('', '')
      if (n > 1) lines.push(`[Go to the previous page](${listName(vy.folder, vy.year, n - 1)})`, '')
      if (n < fileCount) lines.push(`[Go to the next page](${listName(vy.folder, vy.year, n + 1)})`, '')
      lines.push('[Go to the catalog section](README.md)')
      write(join(dir, name), lines.join(indented ? '\r\n' : '\n'))
      stats.files++
      stats.papers += end - first
    }
    const upper = vy.folder.toUpperCase()
    write(
      join(dir, 'README.md'),
      `# ${upper} ${vy.year} Paper List\n\n> Below is an index of article pages, with up to ${perFile} articles per markdown.\n\n${names.map((name) => `- [${name}](${name})`).join('\n')}\n`,
    )
    stats.indexFiles++
    yearsOf.set(vy.folder, [...(yearsOf.get(vy.folder) ?? []), vy.year])
  }
  for (const [folder, unsorted] of yearsOf) {
    const years = [...unsorted].sort((a, b) => a - b)
    const upper = folder.toUpperCase()
    write(
      join(outDir, folder, 'README.md'),
      `# ${upper} ${years[0]}-${years.at(-1)} Paper List\n\n> Below is an index of the years.\n\n${years.map((y) => `- [${upper} ${y}](${y}/README.md)`).join('\n\n')}\n`,
    )
    stats.indexFiles++
  }
  return stats
}

// ---------------------------------------------------------------------------------------------
// CLI

/** Marker left in a folder the CLI generated, so that a later run may replace it. */
const marker = '.papershelf-synth.json'

function cli(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      papers: { type: 'string', default: '27000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      format: { type: 'string', default: 'plain' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help || !values.out) {
    process.stderr.write('usage: node bin/run-ts.js bench/synth.ts --papers 27000 --seed 1 --out <dir> [--format plain|indented-crlf|mixed]\n')
    return values.help ? 0 : 2
  }
  const outDir = resolve(values.out)
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    if (!existsSync(join(outDir, marker))) {
      process.stderr.write(`${outDir} is not empty and was not made by bench/synth.ts; refusing to overwrite it\n`)
      return 1
    }
    rmSync(outDir, { recursive: true, force: true })
  }
  const options: GenerateOptions = { papers: Number(values.papers), seed: Number(values.seed), outDir, format: values.format as CorpusFormat }
  const started = performance.now()
  const stats = generateCorpus(options)
  const seconds = (performance.now() - started) / 1000
  writeFileSync(join(outDir, marker), `${JSON.stringify({ ...options, stats }, null, 2)}\n`)
  process.stdout.write(
    `Wrote ${stats.papers.toLocaleString('en-US')} papers in ${stats.files} listing files (${stats.venueYears} venue-years, ${stats.indexFiles} index files), ${(stats.bytes / 1e6).toFixed(1)} MB to ${outDir} in ${seconds.toFixed(1)} s\n`,
  )
  return 0
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = cli(process.argv.slice(2))
}
