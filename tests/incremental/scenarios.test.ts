/**
 * Incremental builds, scenario by scenario, on one content folder, one output folder and one
 * cache: after every build the site must equal a clean build of the same content byte for
 * byte, exactly the files that should change must change, and files whose bytes did not
 * change must be the previous files themselves (hard-linked: same inode, same mtime).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Config,
  incrementalStep,
  isAuthorPage,
  isVenueYearFile,
  listFiles,
  loadPapershelf,
  makeContent,
  makeRecords,
  type Papershelf,
  type Step,
  snapshotTree,
  sorted,
  type TreeDiff,
  tempDir,
  writeListing,
} from './harness.ts'

/** Files every build writes for the whole site (besides the search index and the assets). */
const siteWide = new Set(['index.html', '404.html', 'search/index.html', 'data/catalog.json', 'sitemap.xml', 'robots.txt'])
const isShard = (path: string) => path.startsWith('search/shards/')
const bibtexFile = (path: string) => /^data\/[^/]+\.bib$/.test(path)
/** The files a change to the set of papers may touch beyond its venue-year: site-wide pages and the search index. */
const isSiteOrIndex = (path: string) => siteWide.has(path) || isShard(path) || path === 'search/manifest.json'

describe('incremental builds, scenario by scenario', () => {
  const temp = tempDir('incremental-scenarios')
  let ps: Papershelf
  let content: string
  let config: Config
  const out = join(temp.dir, 'site', 'out')
  const cacheDir = join(temp.dir, 'cache')
  let cleanBuilds = 0

  beforeAll(async () => {
    ps = await loadPapershelf(temp.dir)
    content = makeContent(temp.dir)
    config = ps.config({ content, out, pageSize: 20, title: 'Incremental' })
  })
  afterAll(() => temp.remove())

  /** Author pages of the site before the current step, to tell which a step may change. */
  let authorsBefore = new Map<string, string>()

  /** Build incrementally and check it against a clean build (see `incrementalStep`). */
  const step = (jobs: number): Promise<Step> => {
    authorsBefore = new Map(
      existsSync(out)
        ? listFiles(out)
            .filter(isAuthorPage)
            .map((path) => [path, readFileSync(join(out, path), 'utf8')])
        : [],
    )
    return incrementalStep({
      ps,
      config,
      cwd: temp.dir,
      cacheDir,
      jobs,
      cleanOut: join(temp.dir, `clean-${++cleanBuilds}`, 'out'),
    })
  }

  /** An author page that lists a paper of one of `venueYears`, before or after the step. */
  const authorPageOf =
    (...venueYears: [string, number][]) =>
    (path: string): boolean => {
      if (!isAuthorPage(path)) return false
      const texts = [authorsBefore.get(path), existsSync(join(out, path)) ? readFileSync(join(out, path), 'utf8') : undefined]
      return venueYears.some(([venue, year]) => texts.some((text) => text?.includes(`/${venue}/${year}/`)))
    }

  /** Every added, changed or removed file satisfies `allowed`. */
  function expectChangesConfinedTo(diff: TreeDiff, allowed: (path: string) => boolean): void {
    expect([...diff.added, ...diff.changed, ...diff.removed].filter((path) => !allowed(path))).toEqual([])
  }

  /** The search index changed: the manifest is new and names shards that exist. */
  function expectNewIndex(s: Step): void {
    expect(s.diff.changed).toContain('search/manifest.json')
    const manifest = JSON.parse(readFileSync(join(out, 'search', 'manifest.json'), 'utf8')) as { shardFiles: string[] }
    expect(sorted(manifest.shardFiles.map((name) => `search/${name}`))).toEqual(sorted([...s.after.keys()].filter(isShard)))
  }

  const iclrList01 = () => join(content, 'ICLR', '2021', 'ICLR-2021-list01.md')
  const iclrList02 = () => join(content, 'ICLR', '2021', 'ICLR-2021-list02.md')
  let originalIclrList01: Buffer

  it('initial build renders and parses everything', async () => {
    const s = await step(0)
    expect(s.result.venueYears).toBe(3)
    expect(s.result.venueYearsRendered).toBe(3)
    expect(s.result.venueYearsReused).toBe(0)
    expect(s.result.listingsParsed).toBe(4)
    expect(s.result.listingsCached).toBe(0)
    expect(s.result.unchangedFiles).toBe(0)
    expect(s.before.size).toBe(0)
    expect(s.diff.added).toEqual(sorted(s.after.keys()))
    expect(existsSync(join(out, 'icml', '2023', '29', 'index.html'))).toBe(true)
  })

  let noChange: Step

  it('no change: up to date, every file kept as it was', async () => {
    const s = await step(0)
    noChange = s
    expect(s.diff.added).toEqual([])
    expect(s.diff.changed).toEqual([])
    expect(s.diff.removed).toEqual([])
    expect(s.result.listingsCached).toBe(4)
    expect(s.result.listingsParsed).toBe(0)
    expect(s.result.venueYearsReused).toBe(3)
    expect(s.result.venueYearsRendered).toBe(0)
    expect(s.result.unchangedFiles).toBe(s.result.outputFiles)
  })

  // Regression: the up-to-date shortcut once returned `authorPages: 0` and `pages` without the
  // author pages (fixed in 5ad94fe).
  it('an up-to-date build reports the same page counts as a full build', () => {
    expect({ pages: noChange.result.pages, authorPages: noChange.result.authorPages }).toEqual({
      pages: noChange.clean.pages,
      authorPages: noChange.clean.authorPages,
    })
  })

  it('a new listing file in a new venue-year folder (worker threads)', async () => {
    writeListing(content, 'UAI', 2024, 'UAI-2024-list01.md', makeRecords('uai', 2024, 0, 9, 2))
    const s = await step(2)
    expect(s.result.venueYears).toBe(4)
    expect(s.result.venueYearsRendered).toBe(1)
    expect(s.result.venueYearsReused).toBe(3)
    expect(s.result.listingsParsed).toBe(1)
    expect(s.result.listingsCached).toBe(4)
    expectChangesConfinedTo(s.diff, (path) => isVenueYearFile(path, 'uai', 2024) || isSiteOrIndex(path) || authorPageOf(['uai', 2024])(path))
    expect(s.diff.removed.filter((path) => !isShard(path))).toEqual([])
    expect(s.diff.changed.filter(isAuthorPage).length).toBeGreaterThan(0)
    expect(s.diff.changed).toEqual(expect.arrayContaining(['index.html', 'data/catalog.json', 'sitemap.xml']))
    expectNewIndex(s)
    const uai = s.diff.added.filter((path) => isVenueYearFile(path, 'uai', 2024))
    expect(sorted(uai)).toEqual(
      sorted([
        'uai/2024/index.html',
        ...Array.from({ length: 9 }, (_, i) => `uai/2024/${i}/index.html`),
        'data/uai-2024.json',
        'data/uai-2024.bib',
        'search/bib/uai-2024/0.json.gz',
        ...Array.from({ length: 5 }, (_, i) => `search/docs/uai-2024/${i}.json.gz`),
      ]),
    )
  })

  it('a new listing file in an existing venue-year', async () => {
    writeListing(content, 'ICML', 2023, 'ICML-2023-list02.md', makeRecords('icml', 2023, 30, 10, 3))
    const s = await step(0)
    expect(s.result.venueYearsRendered).toBe(1)
    expect(s.result.venueYearsReused).toBe(3)
    expect(s.result.listingsParsed).toBe(1)
    expect(s.result.listingsCached).toBe(5)
    expectChangesConfinedTo(s.diff, (path) => isVenueYearFile(path, 'icml', 2023) || isSiteOrIndex(path) || authorPageOf(['icml', 2023])(path))
    expect(sorted(s.diff.added.filter((path) => !isShard(path) && !isAuthorPage(path)))).toEqual(
      sorted([
        ...Array.from({ length: 10 }, (_, i) => `icml/2023/${30 + i}/index.html`),
        // 30 papers in document chunks of 2 made 0…14, 40 make 0…19; in BibTeX chunks of 32, 0 and 0…1.
        ...Array.from({ length: 5 }, (_, i) => `search/docs/icml-2023/${15 + i}.json.gz`),
        'search/bib/icml-2023/1.json.gz',
      ]),
    )
    expect(s.diff.changed).toEqual(expect.arrayContaining(['data/icml-2023.json', 'icml/2023/page/2/index.html', 'icml/2023/29/index.html', 'sitemap.xml']))
    // Papers 0…19 are on page 1 before and after, and papers 0…28 keep their neighbours.
    expect(s.diff.same).toEqual(
      expect.arrayContaining(['icml/2023/0/index.html', 'icml/2023/28/index.html', 'search/docs/icml-2023/0.json.gz', 'search/docs/icml-2023/14.json.gz']),
    )
    expectNewIndex(s)
  })

  it('an edited abstract changes its paper page, listing page, data file, doc chunk and the index only (worker threads)', async () => {
    const text = readFileSync(iclrList02(), 'utf8')
    const edited = text.replace(
      /(## \[63\][\s\S]*?\*\*Abstract\*\*:\n\n)[^\n]*/,
      '$1We study zymurgical graph networks in setting 63, a word no other paper uses.',
    )
    expect(edited).not.toBe(text)
    writeFileSync(iclrList02(), edited)
    const s = await step(2)
    expect(s.result.venueYearsRendered).toBe(1)
    expect(s.result.venueYearsReused).toBe(3)
    expect(s.result.listingsParsed).toBe(1)
    expect(s.result.listingsCached).toBe(5)
    expect(s.diff.added.filter((path) => !isShard(path))).toEqual([])
    expect(s.diff.removed.filter((path) => !isShard(path))).toEqual([])
    // Paper [63] is the 64th paper of ICLR 2021: page 4 of 20 per page, document chunk 31 of two per chunk.
    expect(sorted(s.diff.changed)).toEqual(
      sorted(['iclr/2021/63/index.html', 'iclr/2021/page/4/index.html', 'data/iclr-2021.json', 'search/docs/iclr-2021/31.json.gz', 'search/manifest.json']),
    )
    // Shards are named by content: the one holding the new word is a new file, the old one is gone.
    expect(s.diff.added.filter(isShard).length).toBeGreaterThan(0)
    expect(s.diff.removed.filter(isShard).length).toBeGreaterThan(0)
    expectNewIndex(s)
    expect(readFileSync(join(out, 'iclr', '2021', '63', 'index.html'), 'utf8')).toContain('zymurgical')
  })

  it('a removed listing file takes its papers away, leaving no stale page', async () => {
    rmSync(join(content, 'ICML', '2023', 'ICML-2023-list02.md'))
    const s = await step(0)
    expect(s.result.venueYearsRendered).toBe(1)
    expect(s.result.venueYearsReused).toBe(3)
    expect(s.result.listingsParsed).toBe(0)
    expect(s.result.listingsCached).toBe(5)
    expectChangesConfinedTo(s.diff, (path) => isVenueYearFile(path, 'icml', 2023) || isSiteOrIndex(path) || authorPageOf(['icml', 2023])(path))
    expect(sorted(s.diff.removed.filter((path) => !isShard(path) && !isAuthorPage(path)))).toEqual(
      sorted([
        ...Array.from({ length: 10 }, (_, i) => `icml/2023/${30 + i}/index.html`),
        ...Array.from({ length: 5 }, (_, i) => `search/docs/icml-2023/${15 + i}.json.gz`),
        'search/bib/icml-2023/1.json.gz',
      ]),
    )
    for (let i = 30; i < 40; i++) expect(existsSync(join(out, 'icml', '2023', String(i)))).toBe(false)
    expect(readFileSync(join(out, 'sitemap.xml'), 'utf8')).not.toContain('icml/2023/30/')
    expectNewIndex(s)
  })

  it('a renamed venue moves its pages, and no page of the old name survives (worker threads)', async () => {
    const from = join(content, 'NIPS', '2022', 'NIPS-2022-list01.md')
    const text = readFileSync(from, 'utf8')
    expect(text).toContain('**Conference**: *nips 2022*')
    mkdirSync(join(content, 'CoRL', '2022'), { recursive: true })
    renameSync(from, join(content, 'CoRL', '2022', 'CoRL-2022-list01.md'))
    rmSync(join(content, 'NIPS'), { recursive: true })
    writeFileSync(join(content, 'CoRL', '2022', 'CoRL-2022-list01.md'), text.replaceAll('**Conference**: *nips 2022*', '**Conference**: *corl 2022*'))
    const s = await step(2)
    expect(s.result.venueYears).toBe(4)
    expect(s.result.venueYearsRendered).toBe(1)
    expect(s.result.venueYearsReused).toBe(3)
    expect(s.result.listingsParsed).toBe(1)
    expect(s.result.listingsCached).toBe(4)
    expectChangesConfinedTo(
      s.diff,
      (path) =>
        isVenueYearFile(path, 'nips', 2022) || isVenueYearFile(path, 'corl', 2022) || isSiteOrIndex(path) || authorPageOf(['nips', 2022], ['corl', 2022])(path),
    )
    expect(s.diff.removed.filter((path) => !isShard(path) && !isAuthorPage(path))).toEqual(
      sorted([...s.before.keys()].filter((path) => isVenueYearFile(path, 'nips', 2022))),
    )
    expect(s.diff.added.filter((path) => !isShard(path) && !isAuthorPage(path))).toEqual(
      sorted([...s.after.keys()].filter((path) => isVenueYearFile(path, 'corl', 2022))),
    )
    expect(s.diff.added).toContain('corl/2022/6/index.html')
    expect(existsSync(join(out, 'nips'))).toBe(false)
    expect(listFiles(out).filter((path) => path.includes('nips-2022'))).toEqual([])
    expect(readFileSync(join(out, 'corl', '2022', 'index.html'), 'utf8')).toContain('CoRL')
    expectNewIndex(s)
  })

  it('a broken listing fails the build and leaves the site byte for byte, inode for inode, as it was', async () => {
    originalIclrList01 = readFileSync(iclrList01())
    const broken = originalIclrList01.toString('utf8').replace('**Conference**: *iclr 2021*', '**Conference**: *icml 2021*')
    expect(broken).not.toBe(originalIclrList01.toString('utf8'))
    writeFileSync(iclrList01(), broken)
    const before = snapshotTree(out)
    const siblings = readdirSync(join(out, '..')).sort()
    const result = await ps.buildSite({ config, cwd: temp.dir, cacheDir, jobs: 0 })
    expect(result.ok).toBe(false)
    expect(result.errors).toBeGreaterThan(0)
    expect(result.files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => m.reason)).join('\n')).toContain('icml 2021')
    expect(snapshotTree(out)).toEqual(before)
    // No staging folder or lock left beside the output.
    expect(readdirSync(join(out, '..')).sort()).toEqual(siblings)
  })

  it('the fixed listing builds again; with the same inputs as the last good build nothing is rewritten (worker threads)', async () => {
    writeFileSync(iclrList01(), originalIclrList01)
    const s = await step(2)
    expect(s.result.listingsCached).toBe(5)
    expect(s.result.listingsParsed).toBe(0)
    expect(s.result.venueYearsReused).toBe(4)
    expect(s.result.venueYearsRendered).toBe(0)
    expect(s.diff.added).toEqual([])
    expect(s.diff.changed).toEqual([])
    expect(s.diff.removed).toEqual([])
    expect(s.result.unchangedFiles).toBe(s.result.outputFiles)
  })

  // Regression: `unitPaths` once left out `data/<venue>-<year>.bib`, so every reused venue-year
  // lost its BibTeX file (fixed in 5ad94fe).
  it('every reused venue-year keeps its BibTeX file', () => {
    expect(listFiles(out).filter(bibtexFile)).toEqual(['data/corl-2022.bib', 'data/iclr-2021.bib', 'data/icml-2023.bib', 'data/uai-2024.bib'])
  })
})
