import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { corpusProfile } from '../../bench/corpus-profile.ts'
import { authorRecurrence, type CorpusFormat, type GenerateOptions, generateCorpus } from '../../bench/synth.ts'
import { checkContent } from '../../src/build/build.ts'
import { defaultConfig, validateConfig } from '../../src/config.ts'

const root = mkdtempSync(join(tmpdir(), 'papershelf-synth-test-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let runs = 0
function generate(options: Omit<GenerateOptions, 'outDir'>) {
  const outDir = join(root, `run-${runs++}`)
  const stats = generateCorpus({ ...options, outDir })
  return { outDir, stats }
}

/** Every file of a folder, by relative path, with its bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name)
      if (statSync(path).isDirectory()) walk(path)
      else files.set(relative(dir, path), readFileSync(path))
    }
  }
  walk(dir)
  return files
}

function check(dir: string) {
  const config = validateConfig({ ...defaultConfig, content: dir })
  return checkContent(config, dir)
}

describe('synthetic corpus generator', () => {
  it('writes byte-identical output for the same seed', () => {
    const a = generate({ papers: 300, seed: 42, format: 'mixed' })
    const b = generate({ papers: 300, seed: 42, format: 'mixed' })
    expect(b.stats).toEqual(a.stats)
    const filesA = snapshot(a.outDir)
    const filesB = snapshot(b.outDir)
    expect([...filesB.keys()]).toEqual([...filesA.keys()])
    for (const [path, bytes] of filesA) expect(filesB.get(path)?.equals(bytes), path).toBe(true)
  })

  it('writes different output for a different seed', () => {
    const a = snapshot(generate({ papers: 300, seed: 1, format: 'plain' }).outDir)
    const b = snapshot(generate({ papers: 300, seed: 2, format: 'plain' }).outDir)
    const text = (files: Map<string, Buffer>) => [...files.values()].map((f) => f.toString('utf8')).join('\n')
    expect(text(b)).not.toBe(text(a))
  })

  it.each([1, 199, 200, 201, 1234])('writes exactly %i papers, 200 per file', (papers) => {
    const { outDir, stats } = generate({ papers, seed: 3, format: 'plain' })
    expect(stats.papers).toBe(papers)
    const result = check(outDir)
    expect(result.errors).toBe(0)
    expect(result.listings.reduce((n, l) => n + l.papers.length, 0)).toBe(papers)
    expect(result.listings.length).toBe(stats.files)
    for (const listing of result.listings) expect(listing.papers.length).toBeLessThanOrEqual(200)
  })

  it('spreads larger corpora over venue-years of 500 to 4,000 papers', () => {
    const { outDir, stats } = generate({ papers: 9000, seed: 5, format: 'plain', excludeVenues: ['iclr', 'neurips'] })
    const perVenueYear = new Map<string, number>()
    for (const listing of check(outDir).listings)
      for (const paper of listing.papers) perVenueYear.set(`${paper.venue} ${paper.year}`, (perVenueYear.get(`${paper.venue} ${paper.year}`) ?? 0) + 1)
    expect(perVenueYear.size).toBe(stats.venueYears)
    for (const [key, n] of perVenueYear) {
      expect(n, key).toBeGreaterThanOrEqual(500)
      expect(n, key).toBeLessThanOrEqual(4000)
      expect(key).not.toMatch(/^(iclr|neurips) /)
    }
  })

  it.each<CorpusFormat>(['plain', 'indented-crlf', 'mixed'])('%s files parse with zero errors and zero warnings', (format) => {
    const { outDir, stats } = generate({ papers: 300, seed: 11, format })
    const result = check(outDir)
    expect(result.errors).toBe(0)
    expect(result.warnings).toBe(0)
    const papers = result.listings.flatMap((l) => l.papers)
    expect(papers.length).toBe(300)
    expect(stats.bytes).toBeGreaterThan(300 * 500)
    for (const paper of papers) {
      expect(paper.title).not.toBe('')
      expect(paper.authors.length).toBeGreaterThan(0)
      expect(paper.url).toMatch(/^https:\/\//)
      expect(paper.abstract).not.toMatch(/^\s|\r/)
    }
    const sample = [...snapshot(outDir).entries()].find(([path]) => path.endsWith('-list01.md'))?.[1].toString('utf8') ?? ''
    if (format === 'indented-crlf') {
      expect(sample.startsWith('        ## [0] ')).toBe(true)
      expect(sample).toContain('\r\n        ## [1] ')
      expect(sample.replace(/\r\n/g, '')).not.toContain('\n')
    }
    if (format === 'plain') {
      expect(sample.startsWith('## [0] ')).toBe(true)
      expect(sample).not.toContain('\r')
    }
  })

  it('names earlier authors as often as the real corpus does, the prolific most', () => {
    const papers = check(generate({ papers: 5000, seed: 3, format: 'plain' }).outDir).listings.flatMap((l) => l.papers)
    const { reuse, mostPapers } = authorRecurrence(papers)
    expect(Math.abs(reuse - corpusProfile.authorReuse)).toBeLessThan(0.03)
    expect(mostPapers).toBeGreaterThanOrEqual(10)
  })

  it('gives the same papers in both formats', () => {
    const plain = check(generate({ papers: 300, seed: 9, format: 'plain' }).outDir).listings.flatMap((l) => l.papers)
    const indented = check(generate({ papers: 300, seed: 9, format: 'indented-crlf' }).outDir).listings.flatMap((l) => l.papers)
    const strip = (papers: typeof plain) => papers.map(({ source: _source, ...rest }) => rest)
    expect(strip(indented)).toEqual(strip(plain))
  })
})
