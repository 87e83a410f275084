/**
 * Cache invalidation: what must make the build redo work (a changed config, a changed
 * papershelf), and what must never make it crash or write a wrong site (a corrupted, truncated
 * or missing cache entry, an output folder changed behind its back, no cache at all).
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Config,
  expectSameSite,
  incrementalStep,
  listFiles,
  loadPapershelf,
  makeContent,
  type Papershelf,
  runCli,
  type Step,
  snapshotTree,
  tempDir,
} from './harness.ts'

const htmlFiles = (root: string) => listFiles(root).filter((path) => path.endsWith('.html'))

describe('a changed config re-renders everything it affects', () => {
  const temp = tempDir('invalidation-config')
  let ps: Papershelf
  let base: Config
  let cleanBuilds = 0
  const out = join(temp.dir, 'site', 'out')
  const cacheDir = join(temp.dir, 'cache')

  beforeAll(async () => {
    ps = await loadPapershelf(temp.dir)
    base = ps.config({ content: makeContent(temp.dir), out, pageSize: 20 })
    const first = await ps.buildSite({ config: base, cwd: temp.dir, cacheDir, jobs: 0 })
    expect(first.ok).toBe(true)
  })
  afterAll(() => temp.remove())

  const rebuild = async (config: Config, jobs = 0): Promise<Step> => {
    const s = await incrementalStep({ ps, config, cwd: temp.dir, cacheDir, jobs, cleanOut: join(temp.dir, `clean-${++cleanBuilds}`, 'out') })
    // The parse of a listing does not depend on the config; every venue-year's pages do.
    expect(s.result.listingsParsed).toBe(0)
    expect(s.result.listingsCached).toBeGreaterThan(0)
    expect(s.result.venueYearsReused).toBe(0)
    expect(s.result.venueYearsRendered).toBe(s.result.venueYears)
    return s
  }

  it('page size', async () => {
    const s = await rebuild({ ...base, pageSize: 7 })
    // ICLR 2021 has 120 papers: 6 pages of 20 become 18 of 7.
    expect(s.diff.added).toContain('iclr/2021/page/18/index.html')
    expect(s.after.has('iclr/2021/page/19/index.html')).toBe(false)
    // Pagination does not touch the search index, the robots file or the assets.
    expect(s.diff.same).toEqual(expect.arrayContaining(['search/manifest.json', 'robots.txt', '404.html']))
  })

  it('title (worker threads)', async () => {
    const s = await rebuild({ ...base, pageSize: 7, title: 'Shelf of Renamed Papers' }, 2)
    const pages = htmlFiles(out)
    expect(pages.filter((path) => !readFileSync(join(out, path), 'utf8').includes('Shelf of Renamed Papers'))).toEqual([])
    expect(s.diff.changed).toEqual(expect.arrayContaining(pages))
  })

  it('venue display names', async () => {
    const s = await rebuild({ ...base, pageSize: 7, title: 'Shelf of Renamed Papers', venues: { ...base.venues, nips: 'NeurIPS Renamed' } })
    expect(readFileSync(join(out, 'nips', '2022', 'index.html'), 'utf8')).toContain('NeurIPS Renamed')
    expect(s.diff.changed).toEqual(expect.arrayContaining(['nips/2022/index.html', 'nips/2022/3/index.html', 'data/nips-2022.json', 'index.html']))
  })

  it('base path', async () => {
    const s = await rebuild({ ...base, pageSize: 7, title: 'Shelf of Renamed Papers', base: '/papers/' })
    expect(readFileSync(join(out, 'iclr', '2021', 'index.html'), 'utf8')).toContain('/papers/')
    expect(s.diff.changed).toContain('iclr/2021/0/index.html')
  })

  it('back to the first config: the pages of the other pagination are gone', async () => {
    const s = await rebuild(base)
    expect(s.diff.removed).toContain('iclr/2021/page/18/index.html')
    expect(listFiles(out).filter((path) => /^iclr\/2021\/page\/(7|1\d)\//.test(path))).toEqual([])
  })
})

const summary = /cache (\d+) hit, (\d+) miss; (\d+) venue-years? reused, (\d+) rendered; ([\d,]+) of ([\d,]+) files unchanged/

/** Build the content of `cwd` with papershelf `ps`'s command line; its summary's cache counters. */
async function cliBuild(ps: Papershelf, cwd: string, ...extra: string[]) {
  const run = await runCli(ps.bin, ['build', '--content', 'content', '--page-size', '20', '--jobs', '0', ...extra], cwd)
  expect(run.code, run.stderr).toBe(0)
  const m = summary.exec(run.stderr)
  return m ? { hit: Number(m[1]), miss: Number(m[2]), reused: Number(m[3]), rendered: Number(m[4]), unchanged: m[5], files: m[6] } : undefined
}

/**
 * papershelf's own code is part of every cache key (`codeKey`: package.json, src/ but for
 * src/client/, templates/). `buildSite` makes its `BuildCache` from `codeKey()`, so the honest
 * way to change the key is to change the code: these tests edit a private copy of papershelf
 * (see `loadPapershelf`) and run its command line, each build in a fresh process, as a user
 * upgrading papershelf or editing a template would. (In one process the edit would reach worker threads, which import
 * the code afresh, but not modules the main thread has already loaded.)
 */
describe('a changed papershelf re-renders everything', () => {
  const temp = tempDir('invalidation-code')
  let ps: Papershelf
  const build = (...extra: string[]) => cliBuild(ps, temp.dir, ...extra)

  beforeAll(async () => {
    ps = await loadPapershelf(temp.dir)
    makeContent(temp.dir)
  })
  afterAll(() => temp.remove())

  it('an edited template: new code key, every listing parsed and every venue-year rendered again, output equals a clean build', async () => {
    expect(await build('--out', 'out', '--cache-dir', 'cache')).toMatchObject({ hit: 0, miss: 4, rendered: 3 })
    expect(await build('--out', 'out', '--cache-dir', 'cache')).toMatchObject({ hit: 4, miss: 0, reused: 3, rendered: 0 })

    const layout = join(ps.root, 'templates', 'layout.ts')
    const text = readFileSync(layout, 'utf8')
    expect(text).toContain('<footer>')
    const keyBefore = ps.codeKey()
    writeFileSync(layout, text.replace('<footer>', '<footer data-code-key-test="edited">'))
    expect(ps.codeKey()).not.toBe(keyBefore)

    expect(await build('--out', 'out', '--cache-dir', 'cache')).toMatchObject({ hit: 0, miss: 4, reused: 0, rendered: 3 })
    const out = join(temp.dir, 'out')
    const pages = htmlFiles(out)
    expect(pages.filter((path) => !readFileSync(join(out, path), 'utf8').includes('data-code-key-test="edited"'))).toEqual([])
    // A build without a cache has no cache counters in its summary.
    expect(await build('--out', 'clean', '--no-cache')).toBeUndefined()
    expectSameSite(out, join(temp.dir, 'clean'))
  })

  it('a code change that changes no output: everything is rendered again, but every file keeps its inode', async () => {
    const out = join(temp.dir, 'out')
    const before = snapshotTree(out)
    const keyBefore = ps.codeKey()
    const discover = join(ps.root, 'src', 'build', 'discover.ts')
    writeFileSync(discover, `${readFileSync(discover, 'utf8')}\n// A comment: a new code key, the same output.\n`)
    expect(ps.codeKey()).not.toBe(keyBefore)
    const files = String(before.size.toLocaleString('en-US'))
    expect(await build('--out', 'out', '--cache-dir', 'cache')).toEqual({ hit: 0, miss: 4, reused: 0, rendered: 3, unchanged: files, files })
    expect(snapshotTree(out)).toEqual(before)
  })
})

describe('an edited front end re-writes the pages but parses and renders nothing again', () => {
  const temp = tempDir('invalidation-client')
  let ps: Papershelf
  const build = (...extra: string[]) => cliBuild(ps, temp.dir, ...extra)
  const scripts = (page: string) => [...page.matchAll(/<script type="module"[^>]* src="([^"]+)"/g)].map((m) => m[1])

  beforeAll(async () => {
    ps = await loadPapershelf(temp.dir)
    makeContent(temp.dir)
  })
  afterAll(() => temp.remove())

  it('the same code key, every listing from the cache, every page linking the new bundle, output equals a clean build', async () => {
    expect(await build('--out', 'out', '--cache-dir', 'cache')).toMatchObject({ hit: 0, miss: 4, rendered: 3 })
    const out = join(temp.dir, 'out')
    const pages = htmlFiles(out)
    const [before] = scripts(readFileSync(join(out, 'index.html'), 'utf8'))
    expect(before).toMatch(/assets\/.+\.js$/)

    const main = join(ps.root, 'src', 'client', 'main.ts')
    const text = readFileSync(main, 'utf8')
    expect(text).toContain('searchInput.spellcheck = false')
    const keyBefore = ps.codeKey()
    writeFileSync(main, text.replace('searchInput.spellcheck = false', 'searchInput.spellcheck = false\n  searchInput.dataset.edited = "yes"'))
    expect(ps.codeKey()).toBe(keyBefore)

    // Every venue-year's pages are written again (they link the bundle by its hashed name), from
    // the cached parses and renders.
    expect(await build('--out', 'out', '--cache-dir', 'cache')).toMatchObject({ hit: 4, miss: 0, reused: 0, rendered: 3 })
    expect(htmlFiles(out)).toEqual(pages)
    const [after] = scripts(readFileSync(join(out, 'index.html'), 'utf8'))
    expect(after).not.toBe(before)
    expect(readFileSync(join(out, after as string), 'utf8')).toContain('edited')
    expect(pages.filter((path) => readFileSync(join(out, path), 'utf8').includes(before as string))).toEqual([])
    expect(await build('--out', 'clean', '--no-cache')).toBeUndefined()
    expectSameSite(out, join(temp.dir, 'clean'))
  })
})

describe('a damaged cache or output folder never crashes the build nor makes a wrong site', () => {
  const temp = tempDir('invalidation-damage')
  let ps: Papershelf
  let config: Config
  let content: string
  let cleanBuilds = 0
  const out = join(temp.dir, 'site', 'out')
  const cacheDir = join(temp.dir, 'cache')
  const pristine = join(temp.dir, 'pristine')

  beforeAll(async () => {
    ps = await loadPapershelf(temp.dir)
    content = makeContent(temp.dir)
    config = ps.config({ content, out, pageSize: 20 })
    const first = await ps.buildSite({ config, cwd: temp.dir, cacheDir, jobs: 0 })
    expect(first.ok).toBe(true)
    cpSync(out, join(pristine, 'out'), { recursive: true })
    cpSync(cacheDir, join(pristine, 'cache'), { recursive: true })
    cpSync(content, join(pristine, 'content'), { recursive: true })
  })
  afterAll(() => temp.remove())

  /** Back to the state right after the first build: content, site and cache. */
  const reset = () => {
    for (const [from, to] of [
      ['out', out],
      ['cache', cacheDir],
      ['content', content],
    ] as const) {
      rmSync(to, { recursive: true, force: true })
      cpSync(join(pristine, from), to, { recursive: true })
    }
  }
  /** `reset`, then a build of its own, so that the state describes the output folder (reset copied it). */
  const resetAndBuild = async () => {
    reset()
    expect((await ps.buildSite({ config, cwd: temp.dir, cacheDir, jobs: 0 })).ok).toBe(true)
  }
  const rebuild = (jobs = 0) =>
    incrementalStep({
      ps,
      config,
      cwd: temp.dir,
      cacheDir,
      jobs,
      cleanOut: join(temp.dir, `clean-${++cleanBuilds}`, 'out'),
    })
  const entries = (kind: 'parse' | 'units' | 'state') =>
    readdirSync(join(cacheDir, kind))
      .filter((name) => !name.endsWith('.tmp'))
      .map((name) => join(cacheDir, kind, name))
  const garbage = (path: string) => writeFileSync(path, Buffer.from('\u0000\u00ff garbage, not a cache entry {"papers": [', 'latin1'))
  const halve = (path: string) => truncateSync(path, Math.floor(statSync(path).size / 2))
  /** A content change in ICML 2023 only, so that the other venue-years are taken from the cache. */
  const editIcml = () => {
    const path = join(content, 'ICML', '2023', 'ICML-2023-list01.md')
    const text = readFileSync(path, 'utf8')
    const edited = text.replace('in generated setting 5-1.', 'in generated setting five, edited.')
    expect(edited).not.toBe(text)
    writeFileSync(path, edited)
  }

  // Regression (a bug fixed in 5ad94fe, in src/build/cache.ts, BuildCache.getListing): the entry is read and
  // `JSON.parse`d with no guard, so a garbage or truncated `parse/<key>.json` throws a SyntaxError out of
  // `checkContent` and the build crashes instead of treating the entry as a miss and parsing the listing
  // again.
  it('garbage in the parse cache: a miss, the listings are parsed again', async () => {
    reset()
    for (const path of entries('parse')) garbage(path)
    const s = await rebuild()
    expect(s.result.listingsParsed).toBe(4)
  })

  // Regression: as above (BuildCache.getListing), for a parse entry cut short.
  it('a truncated parse cache entry: a miss, the listing is parsed again', async () => {
    reset()
    for (const path of entries('parse')) halve(path)
    const s = await rebuild()
    expect(s.result.listingsParsed).toBe(4)
  })

  // Regression (a bug fixed in 5ad94fe, in src/build/cache.ts, BuildCache.getUnit / decodeUnit): no guard
  // either; a garbage `units/<hash>.bin` makes decodeUnit throw (header length read from garbage, JSON.parse
  // of garbage) and the build crashes whenever a venue-year is to be reused.
  it('garbage in the unit cache: the venue-years are rendered again', async () => {
    reset()
    editIcml()
    for (const path of entries('units')) garbage(path)
    const s = await rebuild()
    expect(s.result.venueYearsRendered).toBe(3)
  })

  // Regression (a bug fixed in 5ad94fe, in src/build/cache.ts, decodeUnit): a unit file missing its last
  // bytes decodes without any error: `take` slices past the end and gets a shorter typed array, so the reused
  // venue-year's postings (`fieldLengths`, the last array) are short, and the build succeeds with a search
  // index that differs from a clean build's (search/manifest.json differs: wrong output, silently).
  it('a unit cache entry cut short by whole words: rendered again, the same index as a clean build', async () => {
    reset()
    editIcml()
    for (const path of entries('units')) truncateSync(path, statSync(path).size - 8)
    const s = await rebuild()
    expect(s.result.venueYearsRendered).toBe(3)
  })

  // Regression: as above (decodeUnit), for a unit cut in half: the build crashed.
  it('a unit cache entry cut in half: rendered again', async () => {
    reset()
    editIcml()
    for (const path of entries('units')) halve(path)
    const s = await rebuild()
    expect(s.result.venueYearsRendered).toBe(3)
  })

  // Regression (a bug fixed in 5ad94fe, in src/build/cache.ts, BuildCache.getState): `JSON.parse` of the
  // state file unguarded: a garbage `state/<out>.json` crashes every later build into that folder until the
  // cache is deleted by hand.
  it('garbage in the build state: no crash, nothing reused', async () => {
    reset()
    for (const path of entries('state')) garbage(path)
    const s = await rebuild()
    expect(s.result.venueYearsReused).toBe(0)
  })

  it('a deleted cache folder: everything rendered again, every unchanged file still linked', async () => {
    reset()
    rmSync(cacheDir, { recursive: true })
    const s = await rebuild(2)
    expect(s.result.listingsParsed).toBe(4)
    expect(s.result.venueYearsRendered).toBe(3)
    expect(s.diff.changed).toEqual([])
    expect(s.result.unchangedFiles).toBe(s.result.outputFiles)
  })

  it('an output file deleted since the last build is written again (the up-to-date check sees it)', async () => {
    await resetAndBuild()
    rmSync(join(out, 'iclr', '2021', '7', 'index.html'))
    const result = await ps.buildSite({ config, cwd: temp.dir, cacheDir, jobs: 0 })
    expect(result.ok).toBe(true)
    expect(existsSync(join(out, 'iclr', '2021', '7', 'index.html'))).toBe(true)
    const clean = join(temp.dir, 'clean-deleted', 'out')
    expect((await ps.buildSite({ config: { ...config, out: clean }, cwd: temp.dir, cacheDir: undefined, jobs: 0 })).ok).toBe(true)
    expectSameSite(out, clean)
    rmSync(join(clean, '..'), { recursive: true })
  })

  it('a page deleted and another file added by hand: the page is written again (the site still has as many files)', async () => {
    await resetAndBuild()
    rmSync(join(out, 'iclr', '2021', '7', 'index.html'))
    // Not at the top of the site, whose folder's own stamp would give the change away.
    writeFileSync(join(out, 'iclr', '2021', 'notes.txt'), 'added by hand\n')
    const result = await ps.buildSite({ config, cwd: temp.dir, cacheDir, jobs: 0 })
    expect(result.ok).toBe(true)
    expect(existsSync(join(out, 'iclr', '2021', '7', 'index.html'))).toBe(true)
  })

  // Regression (a bug fixed in 5ad94fe, in src/build/build.ts, buildSite step 5, with SiteWriter.keep/write
  // in src/build/output.ts): when a reused venue-year's `keep` job fails part-way (a file of it is missing
  // from the previous site), the files it had already linked stay in the staging folder; rendering the
  // venue-year then `write`s them again, `linkSync` fails with EEXIST, and they are deleted and written anew:
  // files whose bytes did not change get a new inode and mtime (here iclr/2021/index.html, its 5 other
  // listing pages and papers 0…6), and they are counted twice (`files`/`kept` incremented by keep and `files`
  // again by write), so outputFiles overstates the site.
  it('… and the files linked before the gap keep their inode and are counted once', async () => {
    reset()
    // Rebuild once so that the output's files are the build's own (reset copied them).
    await rebuild()
    rmSync(join(out, 'iclr', '2021', '7', 'index.html'))
    const s = await rebuild()
    expect(s.diff.added).toEqual(['iclr/2021/7/index.html'])
  })
})

describe('--no-cache', () => {
  const temp = tempDir('invalidation-no-cache')
  afterAll(() => temp.remove())

  // Regression (a bug fixed in 5ad94fe, in src/build/assets.ts, buildAssets, called from buildSite with
  // `paths.parent`): without a cache dir the Vite bundle is written to `<parent of out>/assets-<key>/` and
  // never removed, so `papershelf build --no-cache` (out = dist) leaves an `assets-<key>/` folder in the
  // project.
  it('an uncached build leaves nothing but the output folder behind', async () => {
    const ps = await loadPapershelf(temp.dir)
    const cwd = join(temp.dir, 'project')
    const content = makeContent(cwd)
    const out = join(cwd, 'dist')
    const result = await ps.buildSite({ config: ps.config({ content, out }), cwd, cacheDir: undefined, jobs: 0 })
    expect(result.ok).toBe(true)
    expect(existsSync(join(cwd, '.cache'))).toBe(false)
    expect(readdirSync(cwd).sort()).toEqual(['content', 'dist'])
  })
})
