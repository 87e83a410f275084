import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BuildCache, type BuildState, jsonPieces } from '../../src/build/cache.ts'
import { applySiteFileDiff, diffSiteFiles, type SiteFileList, siteFiles } from '../../src/build/output.ts'

/** A site's file list of `n` files, as a build records it. */
const fileList = (n: number, tag = ''): SiteFileList => Array.from({ length: n }, (_, i) => [`authors/a${i}/index.html`, `h${i}${tag}`, 1000 + i])

describe('the build state on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'papershelf-state-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('is written in pieces that join to exactly what JSON.stringify gives', () => {
    const values: unknown[] = [
      fileList(5000),
      { a: 1, skipped: undefined, list: fileList(3000), nested: { many: Object.fromEntries(fileList(2500).map(([path, hash]) => [path, hash])) } },
      [1, 'two', null, [3], { four: 4 }],
      {},
      [],
      Array.from({ length: 2049 }, (_, i) => (i % 3 === 0 ? null : { i, s: `"${i}"\n` })),
      'a "quoted" string',
    ]
    for (const value of values) expect([...jsonPieces(value)].join('')).toBe(JSON.stringify(value))
    // Large arrays come in more than one piece, so no piece is the whole list.
    expect([...jsonPieces(fileList(5000))].length).toBeGreaterThan(3)
  })

  it('round-trips through the cache, and a spare described the old way is dropped, not trusted', () => {
    const cache = new BuildCache(join(dir, 'cache'), 'code')
    const out = join(dir, 'site')
    const manifest = fileList(4000)
    const state: BuildState = {
      units: { 'iclr-2021': 'u1' },
      index: 'i',
      site: 's',
      pages: { listingPages: 1, paperPages: 2, authorPages: 3, pages: 6 },
      bytes: 1,
      indexBytes: 0,
      stamp: '1:2',
      manifest,
      spare: { stamp: '3:4', changed: [['index.html', 'old', 10]], missing: ['authors/a7/index.html'] },
    }
    cache.putState(out, state)
    expect(cache.getState(out)).toEqual(state)
    cache.putState(out, { ...state, spare: { stamp: '3:4', manifest } } as unknown as BuildState)
    expect(cache.getState(out)).toEqual({ ...state, spare: undefined })
  })

  it('keeps the spare copy as its difference from the live files, and gets it back exactly', () => {
    const live = fileList(3000)
    const spare = fileList(3000).filter(([path]) => path !== 'authors/a5/index.html')
    spare[10] = ['authors/a11/index.html', 'changed', 7]
    spare.push(['removed/index.html', 'gone', 3])
    const diff = diffSiteFiles(siteFiles(live), spare)
    expect(diff).toEqual({
      changed: [
        ['authors/a11/index.html', 'changed', 7],
        ['removed/index.html', 'gone', 3],
      ],
      missing: ['authors/a5/index.html'],
    })
    expect(siteFiles(applySiteFileDiff(live, diff))).toEqual(siteFiles(spare))
    expect(diffSiteFiles(siteFiles(live), live)).toEqual({ changed: [], missing: [] })
    // The size alone differing is a different file.
    expect(diffSiteFiles(siteFiles(live), [['authors/a0/index.html', 'h0', 1]]).changed).toEqual([['authors/a0/index.html', 'h0', 1]])
  })
})
