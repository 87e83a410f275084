/**
 * Measure the real corpus and write what the synthetic generator needs to imitate it:
 *
 * - `bench/corpus-profile.ts`: distributions (title, abstract and sentence lengths, paragraphs,
 *   authors per paper) and the fraction of records with each markdown hazard (`$math$`, `_`,
 *   `*`, `<`, `&`, backslashes, code spans, LaTeX quotes, URLs, hard line breaks);
 * - `bench/vocabulary.txt`: word counts of abstracts and titles, first and last name pools and
 *   the most common math spans, so that the generator works without the real corpus.
 *
 * Usage: node bin/run-ts.js bench/corpus-stats.ts [--content ../shared/corpus] [--print-only]
 * (`--print-only` measures any corpus, e.g. a synthetic one, without writing the files.)
 */
import { writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { checkContent } from '../src/build/build.ts'
import { loadConfig } from '../src/config.ts'
import type { Paper } from '../src/paper.ts'
import { authorRecurrence } from './synth.ts'

const benchDir = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(benchDir, '..')

/** Sizes of the committed vocabulary sections (kept small: the file stays well under 300 KB). */
const limits = { words: 8000, titleWords: 3000, firstNames: 1500, lastNames: 2500, math: 1500 }

type Histogram = Array<[number, number]>

function histogram(values: number[], bucket = 1): Histogram {
  const counts = new Map<number, number>()
  for (const v of values) {
    const key = Math.floor(v / bucket) * bucket
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts.entries()].sort((a, b) => a[0] - b[0])
}

function quantiles(values: number[]): { min: number; p10: number; p50: number; p90: number; p99: number; max: number; mean: number } {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length)
  return { min: sorted[0] ?? 0, p10: at(0.1), p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.at(-1) ?? 0, mean: Math.round(mean * 10) / 10 }
}

const words = (text: string) => text.split(/\s+/).filter((w) => w !== '')
const paragraphs = (text: string) => text.split(/\n[ \t]*\n/).filter((p) => p.trim() !== '')
const round = (x: number) => Math.round(x * 10000) / 10000

/** Feature detectors, each applied to an abstract (and to a title where noted). */
const features: Record<string, RegExp> = {
  math: /\$[^$\n]+\$/,
  underscore: /_/,
  asterisk: /\*/,
  lessThan: /</,
  ampersand: /&/,
  backslash: /\\/,
  codeSpan: /(?:^|[^`])`[^`\n]+`(?!`)/,
  latexQuotes: /``/,
  url: /https?:\/\//,
}

function measure(papers: Paper[]) {
  const titleWords = papers.map((p) => words(p.title).length)
  const abstractWords = papers.map((p) => words(p.abstract).length)
  const paragraphCounts = papers.map((p) => paragraphs(p.abstract).length)
  const authorCounts = papers.map((p) => p.authors.length)
  const fraction = (test: (p: Paper) => boolean) => round(papers.filter(test).length / papers.length)
  const abstractFeatures: Record<string, number> = {}
  const titleFeatures: Record<string, number> = {}
  for (const [name, re] of Object.entries(features)) {
    abstractFeatures[name] = fraction((p) => re.test(p.abstract))
    titleFeatures[name] = fraction((p) => re.test(p.title))
  }
  // The same outside math spans: the generator inserts math from the real pool, which brings its own `_`, `\\`, `*` and `<`.
  const withoutMath = (text: string) => text.replace(/\$[^$\n]+\$/g, ' ')
  for (const name of ['underscore', 'asterisk', 'lessThan', 'backslash'] as const) {
    const re = features[name] as RegExp
    abstractFeatures[`${name}OutsideMath`] = fraction((p) => re.test(withoutMath(p.abstract)))
  }
  abstractFeatures.multiParagraph = fraction((p) => paragraphs(p.abstract).length > 1)
  // A line break inside a paragraph (the abstract was hard-wrapped).
  abstractFeatures.hardLineBreaks = fraction((p) => paragraphs(p.abstract).some((para) => para.trim().includes('\n')))
  titleFeatures.colon = fraction((p) => /: /.test(p.title))
  titleFeatures.question = fraction((p) => /\?/.test(p.title))

  const mathPerMathAbstract = papers.filter((p) => features.math?.test(p.abstract)).map((p) => (p.abstract.match(/\$[^$\n]+\$/g) ?? []).length)
  const sentenceWords: number[] = []
  let commas = 0
  let totalWords = 0
  for (const p of papers) {
    for (const sentence of p.abstract.split(/(?<=[.!?])\s+/)) {
      const n = words(sentence).length
      if (n > 0) sentenceWords.push(n)
    }
    commas += (p.abstract.match(/,\s/g) ?? []).length
    totalWords += words(p.abstract).length
  }
  const linesPerHardWrappedParagraph: number[] = []
  for (const p of papers)
    for (const para of paragraphs(p.abstract)) if (para.trim().includes('\n')) linesPerHardWrappedParagraph.push(para.trim().split('\n').length)

  const names = papers.flatMap((p) => p.authors)
  const nameParts = histogram(names.map((n) => words(n).length))
  // Researchers publish more than once (what the generator imitates).
  const authorReuse = round(authorRecurrence(papers).reuse)
  const nonAsciiAuthors = round(names.filter((n) => /[^\x00-\x7f]/.test(n)).length / names.length)
  const urlHosts = new Map<string, number>()
  for (const p of papers) {
    const host = /^https?:\/\/([^/]+)/.exec(p.url)?.[1] ?? '(none)'
    urlHosts.set(host, (urlHosts.get(host) ?? 0) + 1)
  }

  return {
    papers: papers.length,
    titleWords: { quantiles: quantiles(titleWords), histogram: histogram(titleWords) },
    abstractWords: { quantiles: quantiles(abstractWords), bucket: 10, histogram: histogram(abstractWords, 10) },
    paragraphs: { quantiles: quantiles(paragraphCounts), histogram: histogram(paragraphCounts) },
    sentenceWords: {
      quantiles: quantiles(sentenceWords),
      bucket: 5,
      histogram: histogram(
        sentenceWords.map((n) => Math.min(n, 120)),
        5,
      ),
    },
    linesPerHardWrappedParagraph: {
      quantiles: quantiles(linesPerHardWrappedParagraph),
      histogram: histogram(linesPerHardWrappedParagraph.map((n) => Math.min(n, 40))),
    },
    commasPerWord: round(commas / totalWords),
    authors: { quantiles: quantiles(authorCounts), histogram: histogram(authorCounts) },
    nameParts,
    authorReuse,
    nonAsciiAuthors,
    mathSpansPerMathAbstract: { quantiles: quantiles(mathPerMathAbstract), histogram: histogram(mathPerMathAbstract.map((n) => Math.min(n, 30))) },
    abstractFeatures,
    titleFeatures,
    urlHosts: Object.fromEntries([...urlHosts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5)),
  }
}

/** Count tokens case-insensitively, keeping each word's most common spelling. */
class WordCounter {
  private readonly counts = new Map<string, { total: number; spellings: Map<string, number> }>()
  add(word: string): void {
    const key = word.toLowerCase()
    let entry = this.counts.get(key)
    if (!entry) {
      entry = { total: 0, spellings: new Map() }
      this.counts.set(key, entry)
    }
    entry.total++
    entry.spellings.set(word, (entry.spellings.get(word) ?? 0) + 1)
  }
  get total(): number {
    let n = 0
    for (const e of this.counts.values()) n += e.total
    return n
  }
  get distinct(): number {
    return this.counts.size
  }
  top(n: number): Array<[string, number]> {
    return [...this.counts.values()]
      .map((e): [string, number] => [[...e.spellings.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '', e.total])
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
  }
}

/** Plain words only: letters with inner hyphens or apostrophes (no math, numbers, URLs or markup). */
const plainWord = /^[\p{L}][\p{L}'’-]*[\p{L}]$|^[\p{L}]$/u

function tokens(text: string): string[] {
  return text
    .replace(/\$[^$\n]*\$/g, ' ')
    .split(/\s+/)
    .map((t) => t.replace(/^[("'`[{]+|[)"'`\]},.;:!?]+$/g, ''))
    .filter((t) => plainWord.test(t))
}

interface VocabularyStats {
  /** Share of abstract word tokens that are not among the committed top words (the generator invents rare words for them). */
  tailMass: number
  distinctWords: number
  totalWords: number
}

function vocabulary(papers: Paper[]): { text: string; stats: VocabularyStats } {
  const abstractWords = new WordCounter()
  const titleWords = new WordCounter()
  const first = new Map<string, number>()
  const last = new Map<string, number>()
  const math = new Map<string, number>()
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1)
  for (const p of papers) {
    for (const t of tokens(p.abstract)) abstractWords.add(t)
    for (const t of tokens(p.title)) titleWords.add(t)
    for (const name of p.authors) {
      const parts = words(name)
      if (parts.length < 2) continue
      const f = parts[0] as string
      const l = parts.at(-1) as string
      if (plainWord.test(f)) bump(first, f)
      if (plainWord.test(l)) bump(last, l)
    }
    // Math spans as the generator inserts them: `$…$` with no space just inside the dollars.
    for (const m of p.abstract.match(/\$[^$\n]{1,60}\$/g) ?? []) if (/^\$[^\s,.;:][^$]*(?<=[^\s])\$$/.test(m)) bump(math, m)
  }
  const topOf = (m: Map<string, number>, n: number) =>
    [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n) as Array<[string, number]>
  const section = (name: string, rows: Array<[string, number]>) => `# ${name}\n${rows.map(([w, c]) => `${w}\t${c}`).join('\n')}\n`
  const top = abstractWords.top(limits.words)
  const covered = top.reduce((n, [, c]) => n + c, 0)
  const stats = { tailMass: round(1 - covered / abstractWords.total), distinctWords: abstractWords.distinct, totalWords: abstractWords.total }
  const text = [
    '# papershelf bench vocabulary, derived from the real corpus by bench/corpus-stats.ts.\n# Sections of `token<TAB>count`, most frequent first.\n',
    section('words', top),
    section('title-words', titleWords.top(limits.titleWords)),
    section('first-names', topOf(first, limits.firstNames)),
    section('last-names', topOf(last, limits.lastNames)),
    section('math', topOf(math, limits.math)),
  ].join('')
  return { text, stats }
}

function main(): void {
  const { values } = parseArgs({ options: { content: { type: 'string' }, 'print-only': { type: 'boolean' } } })
  const content = resolve(values.content ?? resolve(repoRoot, '../shared/corpus'))
  const config = loadConfig(repoRoot, { content })
  const checked = checkContent(config, repoRoot)
  const papers = checked.listings.flatMap((l) => l.papers)
  if (papers.length === 0) throw new Error(`No papers found in ${content}`)
  const vocab = vocabulary(papers)
  const profile = { ...measure(papers), vocabulary: vocab.stats }
  const source = `// Generated by bench/corpus-stats.ts from the real corpus (${checked.listings.length} listing files, ${papers.length} papers); do not edit by hand.
// Histograms are [value, count] pairs; bucketed ones give the bucket's lower bound.

export const corpusProfile = ${JSON.stringify(profile, null, 2)} as const

export type CorpusProfile = typeof corpusProfile
`
  if (!values['print-only']) {
    writeFileSync(resolve(benchDir, 'corpus-profile.ts'), source)
    writeFileSync(resolve(benchDir, 'vocabulary.txt'), vocab.text)
    process.stdout.write(`${papers.length} papers measured; wrote bench/corpus-profile.ts and bench/vocabulary.txt\n`)
  }
  process.stdout.write(
    `${JSON.stringify({ ...profile, titleWords: profile.titleWords.quantiles, abstractWords: profile.abstractWords.quantiles }, (k, v) => (k === 'histogram' ? undefined : v), 2)}\n`,
  )
}

main()
