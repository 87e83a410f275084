/**
 * The spare copy beside the output (`.papershelf-<out>.spare`): made by a cached build, brought
 * up to date and swapped in by the next one, and never trusted once it is not the folder the
 * build state describes.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Config, incrementalStep, loadPapershelf, makeContent, makeRecords, type Papershelf, snapshotTree, tempDir, writeListing } from './harness.ts'

describe('the spare copy of the site', () => {
  const temp = tempDir('spare')
  let ps: Papershelf
  let config: Config
  let content: string
  let cleanBuilds = 0
  const out = join(temp.dir, 'site', 'out')
  const spare = join(dirname(out), '.papershelf-out.spare')
  const cacheDir = join(temp.dir, 'cache')
  const rebuild = (jobs = 0) => incrementalStep({ ps, config, cwd: temp.dir, cacheDir, jobs, cleanOut: join(temp.dir, `clean-${++cleanBuilds}`, 'out') })
  /** Contents (not inodes) of a folder's files. */
  const contents = (root: string) => new Map([...snapshotTree(root)].map(([path, state]) => [path, state.sha256]))
  const editIcml = (from: string, to: string) => {
    const path = join(content, 'ICML', '2023', 'ICML-2023-list01.md')
    const text = readFileSync(path, 'utf8')
    expect(text).toContain(from)
    writeFileSync(path, text.replace(from, to))
  }

  beforeAll(async () => {
    ps = await loadPapershelf(temp.dir)
    content = makeContent(temp.dir)
    config = ps.config({ content, out, pageSize: 20 })
    expect((await ps.buildSite({ config, cwd: temp.dir, cacheDir, jobs: 0 })).ok).toBe(true)
  })
  afterAll(() => temp.remove())

  it('a cached build leaves a spare holding the same files, as links to them', () => {
    const site = snapshotTree(out)
    const copy = snapshotTree(spare)
    expect([...copy.keys()]).toEqual([...site.keys()])
    for (const [path, state] of copy) expect(state.ino, path).toBe(site.get(path)?.ino)
  })

  it('the next builds update the spare and swap it in; the site before becomes the spare', async () => {
    editIcml('in generated setting 5-1.', 'in generated setting five, edited.')
    const first = await rebuild()
    expect(first.diff.changed.length).toBeGreaterThan(0)
    expect(contents(spare)).toEqual(new Map([...first.before].map(([path, state]) => [path, state.sha256])))
    editIcml('in generated setting five, edited.', 'in generated setting five, edited twice.')
    const second = await rebuild(2)
    expect(contents(spare)).toEqual(new Map([...second.before].map(([path, state]) => [path, state.sha256])))
  })

  it('the cache keeps only the units and renders that a build state names', async () => {
    // Two edits of the same venue-year: each leaves the previous render of it behind, unpruned.
    editIcml('in generated setting 6-1.', 'in generated setting six, edited.')
    await rebuild()
    editIcml('in generated setting six, edited.', 'in generated setting six, edited twice.')
    await rebuild()
    const [stateFile, ...others] = readdirSync(join(cacheDir, 'state'))
    expect(others).toEqual([])
    const state = JSON.parse(readFileSync(join(cacheDir, 'state', stateFile as string), 'utf8')) as { units: Record<string, string> }
    const named = Object.values(state.units).sort()
    const entries = (folder: string, suffix: string) =>
      readdirSync(join(cacheDir, folder))
        .filter((name) => name.endsWith(suffix))
        .map((name) => name.slice(0, -suffix.length))
        .sort()
    expect(entries('units', '.bin')).toEqual(named)
    // Every venue-year was rendered by some build, so each has its renders.
    expect(entries('renders', '.json')).toEqual(named)
  })

  it('files the new site no longer has leave the updated spare, folders and all', async () => {
    rmSync(join(content, 'ICML'), { recursive: true })
    const s = await rebuild()
    expect(s.diff.removed.filter((path) => path.startsWith('icml/2023/')).length).toBeGreaterThan(30)
    expect(existsSync(join(out, 'icml'))).toBe(false)
    writeListing(content, 'ICML', 2023, 'ICML-2023-list01.md', makeRecords('icml', 2023, 0, 30, 1))
    const back = await rebuild()
    expect(back.diff.added).toContain('icml/2023/index.html')
  })

  it('a changed title rewrites its paper page and the two that link to it, no other paper page', async () => {
    const path = join(content, 'ICML', '2023', 'ICML-2023-list01.md')
    const text = readFileSync(path, 'utf8')
    const title = /^## \[5\] (.+)$/m.exec(text)?.[1] as string
    writeFileSync(path, text.replace(`## [5] ${title}`, `## [5] ${title}, Retitled`))
    const s = await rebuild()
    const paperPages = s.diff.changed.filter((file) => /^icml\/2023\/\d+\/index\.html$/.test(file))
    expect(paperPages.sort()).toEqual(['icml/2023/4/index.html', 'icml/2023/5/index.html', 'icml/2023/6/index.html'])
  })

  it('a venue-year re-rendered only for its names (BibTeX keys taken by a new venue-year) keeps its postings, and the site is right', async () => {
    // AAAI 2023 sorts before ICML 2023 and its papers have the same base keys: ICML's keys move.
    writeListing(content, 'AAAI', 2023, 'AAAI-2023-list01.md', makeRecords('aaai', 2023, 0, 5, 1))
    const s = await rebuild()
    expect(s.result.venueYearsRendered).toBe(2)
    expect(s.diff.changed).toContain('icml/2023/0/index.html')
    rmSync(join(content, 'AAAI'), { recursive: true })
    await rebuild()
  })

  it('a spare changed behind the build is not trusted: the next build starts afresh and is still right', async () => {
    // Replaced, not written through: the spare's unchanged files are links to the live site's.
    rmSync(join(spare, 'index.html'))
    writeFileSync(join(spare, 'index.html'), '<p>not the site</p>')
    writeFileSync(join(spare, 'stray.html'), '<p>stray</p>')
    editIcml('in generated setting 2-1.', 'in generated setting two-one.')
    const s = await rebuild()
    expect(s.after.has('stray.html')).toBe(false)
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toContain('not the site')
  })

  it('a deleted spare is made again (from the site before)', async () => {
    rmSync(spare, { recursive: true })
    editIcml('in generated setting two-one.', 'in generated setting 2-1.')
    const s = await rebuild()
    expect(contents(spare)).toEqual(new Map([...s.before].map(([path, state]) => [path, state.sha256])))
  })

  it('a build without the cache drops the spare: nothing would describe it', async () => {
    const result = await ps.buildSite({ config, cwd: temp.dir, cacheDir: undefined, jobs: 0 })
    expect(result.ok).toBe(true)
    expect(existsSync(spare)).toBe(false)
  })
})
