/**
 * Slugs and routes from hostile venue and author names: whatever a **Conference** field says,
 * the venue key is URL- and path-safe, and every file of a built site lands inside the output
 * folder. Symlinks out of the content folder are refused.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, sep } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { checkContent } from '../../src/build/build.ts'
import { defaultConfig } from '../../src/config.ts'
import { parseConference } from '../../src/parse/scan-listing.ts'
import { authorSlugs } from '../../src/reader/authors.ts'
import { slugify, venueSlug } from '../../src/site/slug.ts'
import { outputPath, routes } from '../../src/site/urls.ts'
import { buildFixtureSite } from '../helpers/build.ts'
import { listFiles } from '../helpers/site-files.ts'

const numRuns = Number(process.env.FC_NUM_RUNS ?? 1000)

/** Windows refuses these as a file or folder name, with or without an extension. */
const windowsReserved = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(?:\..*)?$/i

/** Venue names as they could appear before the year in a **Conference** field. */
const hostileVenues = [
  '../../etc',
  '..',
  '.',
  '...',
  'a/b',
  'a\\b',
  '..\\..\\windows',
  '%2e%2e',
  '%2e%2e%2f',
  '%00',
  'CON',
  'con',
  'nul',
  'NUL.txt',
  'aux',
  'PRN',
  'COM1',
  'lpt9',
  'ＣＯＮ',
  'ｎｕｌ',
  'x'.repeat(10_000),
  '!!!',
  'a\u0000b',
  '\u0000',
  '/',
  '~',
  '$HOME',
  '<script>',
  'İstanbul',
  'ﬁ',
  'Ⅻ',
  '\u202eevil',
  ' \t ',
  '-',
  '--a--',
  '中文',
]

const venueName = fc.oneof(
  fc.constantFrom(...hostileVenues),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom('.', '/', '\\', '%', '2', 'e', '-', ' ', 'c', 'o', 'n', 'u', 'l', '\u0000', 'É'), maxLength: 20 }),
  fc
    .constantFrom('con', 'prn', 'aux', 'nul', 'com1', 'lpt1')
    .chain((r) => fc.tuple(fc.constantFrom('', ' ', '.', '-', '..', '!'), fc.constantFrom('', ' ', '.', '-', '!')).map(([a, b]) => a + r + b)),
)

function expectSafeSegment(slug: string, maxLength: number): void {
  expect(slug).toMatch(/^[a-z0-9-]*$/)
  expect(slug).not.toMatch(/^\.{1,2}$/)
  expect(slug).not.toMatch(windowsReserved)
  // A reserved name gets a dash: the only way past the limit, by one character.
  expect(slug.length).toBeLessThanOrEqual(maxLength + 1)
}

describe('slugify and venueSlug', () => {
  it('should make URL-safe, never dot, never reserved, deterministic slugs of any name', () => {
    fc.assert(
      fc.property(venueName, fc.integer({ min: 1, max: 120 }), (name, maxLength) => {
        const slug = slugify(name, maxLength)
        expectSafeSegment(slug, maxLength)
        expect(slugify(name, maxLength)).toBe(slug)
        expect(slugify(slug, maxLength)).toBe(slug)
        const venue = venueSlug(name)
        expectSafeSegment(venue, 40)
        if (/[a-z0-9]/i.test(name)) expect(venue).not.toBe('')
      }),
      { numRuns },
    )
  })

  it.each([
    ['../../etc', 'etc'],
    ['a/b', 'a-b'],
    ['%2e%2e', '2e-2e'],
    ['CON', 'con-'],
    ['nul', 'nul-'],
    ['NUL.txt', 'nul-txt'],
    ['ＣＯＮ', 'con-'],
    ['!!!', ''],
    ['..', ''],
    ['a\u0000b', 'a-b'],
  ])('should slug the venue %j as %j', (name, slug) => {
    expect(venueSlug(name)).toBe(slug)
  })

  it('should cut a 10,000-character venue name to 40 characters', () => {
    expect(venueSlug('x'.repeat(10_000))).toBe('x'.repeat(40))
    expect(venueSlug(`${'ab-'.repeat(5_000)} 2021`)).toBe('ab-'.repeat(14).slice(0, 40))
  })

  it('should read a hostile Conference field as a safe venue or not at all', () => {
    fc.assert(
      fc.property(venueName, fc.integer({ min: 1000, max: 9999 }), (name, year) => {
        const parsed = parseConference(`*${name} ${year}*`)
        if (parsed === undefined) return
        expectSafeSegment(parsed.venue, 40)
        expect(parsed.venue).not.toBe('')
        expect(parsed.year).toBe(year)
      }),
      { numRuns },
    )
  })
})

describe('routes of hostile venues', () => {
  const root = resolve(tmpdir(), 'papershelf-route-root')

  it('should put every route of every venue-year, paper and author inside the site root', () => {
    fc.assert(
      fc.property(
        venueName,
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(venueName, { maxLength: 5 }),
        (name, year, index, page, authors) => {
          const venue = venueSlug(name)
          fc.pre(venue !== '')
          const slugs = [...authorSlugs(authors).values()]
          const all = [
            routes.listing(venue, year),
            routes.listing(venue, year, page),
            routes.paper({ venue, year, index }),
            routes.venueYearData(venue, year),
            routes.venueYearBibtex(venue, year),
            ...slugs.map((slug) => routes.author(slug)),
          ]
          for (const route of all) {
            const path = outputPath(route)
            for (const segment of path.split('/')) {
              expect(segment).toMatch(/^[a-z0-9][a-z0-9.-]*$/)
              expect(segment).not.toMatch(windowsReserved)
            }
            expect(resolve(root, path).startsWith(root + sep)).toBe(true)
          }
          for (const slug of slugs) expectSafeSegment(slug, 80)
        },
      ),
      { numRuns },
    )
  })
})

/** A listing of one record whose **Conference** field is `conference`. */
function record(index: number, title: string, conference: string): string {
  return `## [${index}] ${title}\n\n**Authors**: *A. Author, ../../B. Author, CON*\n\n**Conference**: *${conference}*\n\n**URL**: [https://x.example/${index}](https://x.example/${index})\n\n**Abstract**:\n\nAbstract ${index}.\n\n----\n\n`
}

describe('building hostile content', () => {
  const made: string[] = []
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    made.push(dir)
    return dir
  }
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true })
  })

  it('should write every file of a site with hostile venue names inside the output folder', async () => {
    // The temp folder holds content and output; its parent (the OS temp dir) must gain nothing
    // outside of it, and the output's sibling entries are only papershelf's own.
    const base = tempDir('papershelf-hostile-')
    const content = join(base, 'content')
    mkdirSync(content)
    const venues = ['../../etc', 'a/b', '%2e%2e', 'CON', 'nul', 'COM1', 'x'.repeat(10_000), 'a\u0000b', '..\\..\\win', 'ＬＰＴ1', '<script>alert(1)</script>']
    // At the content root, a listing implies no venue or year: its Conference field decides.
    venues.forEach((venue, k) => {
      writeFileSync(join(content, `hostile${k}.md`), record(k + 1, `Paper of ${venue.slice(0, 30)}`, `${venue} 2021`))
    })
    const parentBefore = new Set(readdirSync(tmpdir()))
    const site = await buildFixtureSite(content, { out: join(base, 'out') })
    const problems = site.result.files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => `${f.path}: ${m.reason}`))
    expect(problems).toEqual([])
    expect(site.result.ok).toBe(true)
    expect(site.result.venueYears).toBe(venues.length)

    const out = realpathSync(site.out)
    const files = listFiles(out)
    expect(files.length).toBeGreaterThan(venues.length * 3)
    for (const path of files) {
      expect(resolve(out, path).startsWith(out + sep), path).toBe(true)
      for (const segment of path.split('/')) {
        expect(segment, path).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/)
        expect(segment, path).not.toMatch(windowsReserved)
      }
    }
    const venueFolders = readdirSync(out, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
    expect(venueFolders).toEqual(
      expect.arrayContaining(['etc', 'a-b', '2e-2e', 'con-', 'nul-', 'com1-', 'x'.repeat(40), 'ab', 'win', 'lpt1-', 'script-alert-1-script']),
    )
    // Nothing escaped into the temp folder or its parent.
    expect(readdirSync(base).sort()).toEqual(['.papershelf-out.spare', 'content', 'out'])
    const appeared = readdirSync(tmpdir()).filter((name) => !parentBefore.has(name) && !name.startsWith('papershelf-') && !name.startsWith('vite'))
    expect(appeared.filter((name) => /etc|win|con|nul|script/i.test(name))).toEqual([])
    expect(existsSync(join(tmpdir(), 'etc'))).toBe(false)
  })

  it('should fail the build on venue names with no letter or digit, naming the record', async () => {
    const content = tempDir('papershelf-punct-')
    writeFileSync(join(content, 'punct.md'), record(1, 'Only punctuation', '!!! 2021') + record(2, 'Dots', '.. 2021') + record(3, 'NUL', '\u0000 2021'))
    const site = await buildFixtureSite(content)
    try {
      expect(site.result.ok).toBe(false)
      const rules = site.result.files.flatMap((f) => f.messages.map((m) => [m.ruleId, m.line]))
      expect(rules.filter(([rule]) => rule === 'invalid-conference')).toEqual([
        ['invalid-conference', 5],
        ['invalid-conference', 19],
        ['invalid-conference', 33],
      ])
      expect(existsSync(site.out)).toBe(false)
    } finally {
      site.cleanup()
    }
  })

  describe('symlinks', () => {
    const secret = 'SECRET-OUTSIDE-CONTENT-7f3a'

    function contentWithLinks() {
      const base = tempDir('papershelf-links-')
      const content = join(base, 'content')
      const outside = join(base, 'outside')
      mkdirSync(join(content, 'ICLR', '2021'), { recursive: true })
      mkdirSync(join(outside, 'ICLR', '2021'), { recursive: true })
      writeFileSync(join(content, 'ICLR', '2021', 'ICLR-2021-list01.md'), record(1, 'Inside paper', 'iclr 2021'))
      writeFileSync(join(outside, 'ICLR-2021-list09.md'), record(9, secret, 'iclr 2021'))
      writeFileSync(join(outside, 'ICLR', '2021', 'ICLR-2021-list08.md'), record(8, `${secret} folder`, 'iclr 2021'))
      return { base, content, outside }
    }

    it('should refuse a symlink to a file outside the content folder, and one to a folder', async () => {
      const { base, content, outside } = contentWithLinks()
      symlinkSync(join(outside, 'ICLR-2021-list09.md'), join(content, 'ICLR', '2021', 'ICLR-2021-list02.md'))
      symlinkSync(join(outside, 'ICLR'), join(content, 'Linked'))
      const site = await buildFixtureSite(content, { out: join(base, 'out'), cwd: base })
      expect(site.result.ok).toBe(false)
      const refused = site.result.files.flatMap((f) => f.messages.filter((m) => m.ruleId === 'unsafe-symlink').map((m) => [f.path, m.fatal]))
      expect(refused.sort()).toEqual([
        [join('content', 'ICLR', '2021', 'ICLR-2021-list02.md'), true],
        [join('content', 'Linked'), true],
      ])
      // Nothing from outside was read: no paper, no output.
      const titles = checkContent({ ...defaultConfig, content }, base).listings.flatMap((l) => l.papers.map((p) => p.title))
      expect(titles).toEqual(['Inside paper'])
      expect(existsSync(site.out)).toBe(false)
    })

    it('should follow a symlink that stays inside the content folder', async () => {
      const { base, content } = contentWithLinks()
      // Hidden folders are not walked, so what they hold is read only through the links.
      mkdirSync(join(content, '.archive', 'ICLR-2022'), { recursive: true })
      writeFileSync(join(content, '.archive', 'ICLR-2021-extra.md'), record(2, 'Linked file', 'iclr 2021'))
      writeFileSync(join(content, '.archive', 'ICLR-2022', 'ICLR-2022-list01.md'), record(5, 'Linked folder', 'iclr 2022'))
      symlinkSync(join('..', '..', '.archive', 'ICLR-2021-extra.md'), join(content, 'ICLR', '2021', 'ICLR-2021-list02.md'))
      symlinkSync(join(content, '.archive', 'ICLR-2022'), join(content, 'ICLR', '2022'))
      const site = await buildFixtureSite(content, { out: join(base, 'out'), cwd: base })
      expect(site.result.files.flatMap((f) => f.messages.map((m) => `${f.path}: ${m.reason}`))).toEqual([])
      expect(site.result.ok).toBe(true)
      expect(site.result.papers).toBe(3)
      const files = listFiles(site.out)
      expect(files).toEqual(expect.arrayContaining(['iclr/2021/1/index.html', 'iclr/2021/2/index.html', 'iclr/2022/5/index.html']))
      for (const path of files) expect(readFileSync(join(site.out, path)).includes(secret)).toBe(false)
    })
  })
})
