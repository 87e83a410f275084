import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Paper } from '../../src/paper.ts'
import { bibtexEntry, bibtexFile, bibtexKeys, bibtexUrl, venueYearBibtex } from '../../src/reader/bibtex.ts'
import { baseKey, firstTitleWord, surname } from '../../src/reader/bibtex-keys.ts'
import { escapeTex, isSafeMath, titleToTex } from '../../src/reader/tex.ts'
import { bibtexBalanced, makePaper, makeVenueYear, repoRoot, updateFixtures } from './helpers.ts'

const fixtureRoot = join(repoRoot, 'tests', 'fixtures', 'reader', 'bibtex')

interface BibtexFixture {
  venueName: string
  papers: (Partial<Paper> & { title: string; authors: string[] })[]
}

function fixtureBib(name: string): string {
  const fixture = JSON.parse(readFileSync(join(fixtureRoot, name), 'utf8')) as BibtexFixture
  const papers = fixture.papers.map((fields, i) => makePaper({ ...fields, index: i + 1 }))
  const keys = bibtexKeys(papers)
  return bibtexFile(papers.map((paper) => bibtexEntry(paper, { key: keys.get(paper.id) as string, venueName: fixture.venueName })))
}

describe('BibTeX fixtures', () => {
  const fixtures = readdirSync(fixtureRoot).filter((name) => name.endsWith('.json'))

  it('should find the fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(6)
  })

  for (const name of fixtures) {
    it(`should write ${name} as ${name.replace(/\.json$/, '.bib')} says`, () => {
      const bib = fixtureBib(name)
      const expectedPath = join(fixtureRoot, name.replace(/\.json$/, '.bib'))
      expect(bibtexBalanced(bib)).toBe(true)
      if (updateFixtures) {
        writeFileSync(expectedPath, bib)
        return
      }
      expect(existsSync(expectedPath), `missing ${expectedPath}; run with UPDATE_FIXTURES=1 and review it`).toBe(true)
      expect(bib).toBe(readFileSync(expectedPath, 'utf8'))
    })
  }
})

describe('escapeTex', () => {
  it('should escape every TeX special character', () => {
    expect(escapeTex('\\ { } % $ & # _ ^ ~')).toBe(
      '\\textbackslash{} \\textbraceleft{} \\textbraceright{} \\% \\$ \\& \\# \\_ \\textasciicircum{} \\textasciitilde{}',
    )
  })

  it('should keep non-ASCII text and fold whitespace and control characters', () => {
    expect(escapeTex('Raphaël\tMillière\n王伟\u0000')).toBe('Raphaël Millière 王伟')
  })

  it('should leave no bare special character and balanced braces for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeTex(text)
        expect(bibtexBalanced(escaped)).toBe(true)
        const rest = escaped.replace(/\\(?:textbackslash|textbraceleft|textbraceright|textasciicircum|textasciitilde)\{\}|\\[%$&#_]/g, '')
        expect(rest).not.toMatch(/[\\{}%$&#_^~]/)
      }),
    )
  })
})

describe('titleToTex', () => {
  it('should keep math as braced math', () => {
    expect(titleToTex('Norms $\\ell_{1}$ and $\\ell_2$')).toBe('Norms {$\\ell_{1}$} and {$\\ell_2$}')
  })

  it('should write math BibTeX or LaTeX would choke on as literal text', () => {
    expect(isSafeMath('\\{x')).toBe(false)
    expect(isSafeMath('a % b')).toBe(false)
    expect(isSafeMath('74.9\\%')).toBe(true)
    expect(titleToTex('Set $\\{x$')).toBe('Set \\$\\textbackslash{}\\textbraceleft{}x\\$')
  })

  it('should read dollars as currency the way the page renderer does', () => {
    expect(titleToTex('From $5 to $10')).toBe('From \\$5 to \\$10')
  })

  it('should protect the capitals of acronyms and names but not of title-case words', () => {
    expect(titleToTex('BERT and CNN-based Meta-Learning on ImageNet')).toBe('{BERT} and {CNN}-based Meta-Learning on {ImageNet}')
  })

  it('should turn markdown emphasis into TeX and undo markdown escapes', () => {
    expect(titleToTex('*Deep* **nets** \\_x\\_')).toBe('\\emph{Deep} \\textbf{nets} \\_x\\_')
  })

  it('should give a title that is balanced for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (title) => {
        expect(bibtexBalanced(titleToTex(title))).toBe(true)
      }),
    )
  })
})

describe('bibtexKeys', () => {
  it('should build surname, year and first significant title word', () => {
    const paper = makePaper({ index: 1, title: 'HyperDynamics: Meta-Learning Object and Agent Dynamics', authors: ['Zhou Xian', 'Shamit Lal'] })
    expect(bibtexKeys([paper]).get(paper.id)).toBe('xian2021hyperdynamics')
  })

  it('should skip stop words, math and suffixes and fold accents', () => {
    expect(firstTitleWord('Towards the $\\ell_1$ Limit')).toBe('limit')
    expect(firstTitleWord('On the of')).toBe('on')
    expect(firstTitleWord("Don't Stop")).toBe('dont')
    expect(surname('Raphaël Millière')).toBe('milliere')
    expect(surname('Łukasz Kaiser-Øster')).toBe('kaiseroster')
    expect(surname('Martin Luther King Jr.')).toBe('king')
    expect(surname('Smith, John')).toBe('smith')
    expect(surname('王伟')).toBe('')
  })

  it('should use anon for papers without authors or an ASCII surname', () => {
    expect(baseKey({ authors: [], year: 2020, title: 'Deep Nets' })).toBe('anon2020deep')
    expect(baseKey({ authors: ['王伟'], year: 2020, title: '' })).toBe('anon2020')
  })

  it('should suffix later papers with the same base key in order, never taking another base key', () => {
    const papers = [
      makePaper({ index: 1, title: 'Deep', authors: ['A Smith'] }),
      makePaper({ index: 2, title: 'Deep', authors: ['B Smith'] }),
      makePaper({ index: 3, title: 'Deepa', authors: ['C Smith'] }),
      makePaper({ index: 4, title: 'Deep', authors: ['D Smith'] }),
    ]
    expect([...bibtexKeys(papers).values()]).toEqual(['smith2021deep', 'smith2021deepb', 'smith2021deepa', 'smith2021deepc'])
  })

  it('should refuse duplicate ids', () => {
    expect(() => bibtexKeys([makePaper({ index: 1 }), makePaper({ index: 1 })])).toThrow(/Duplicate paper id/)
  })

  const paperArb = fc.record({
    title: fc.string({ unit: 'binary', maxLength: 40 }),
    authors: fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('Jane Smith', 'José García', '王伟', '')), { maxLength: 3 }),
    year: fc.oneof(fc.integer({ min: 2019, max: 2021 }), fc.integer()),
  })
  const papersArb = fc.array(paperArb, { maxLength: 40 }).map((list) => list.map((fields, i) => makePaper({ ...fields, index: i + 1 })))

  it('should give unique [a-z0-9] keys to any papers', () => {
    fc.assert(
      fc.property(papersArb, (papers) => {
        const keys = [...bibtexKeys(papers).values()]
        expect(keys).toHaveLength(papers.length)
        expect(new Set(keys).size).toBe(keys.length)
        for (const key of keys) expect(key).toMatch(/^[a-z0-9]+$/)
      }),
    )
  })

  it('should keep earlier keys when papers are appended', () => {
    fc.assert(
      fc.property(papersArb, papersArb, (before, after) => {
        const first = bibtexKeys(before)
        const appended = after.map((paper, i) => ({ ...paper, id: `later-${i}` }))
        const both = bibtexKeys([...before, ...appended])
        // Appended papers may only take keys no earlier paper's base key reserved; earlier
        // papers keep theirs unless an appended paper's base key equals a suffixed key of their
        // base (that key is then reserved, and the suffixes after it move along).
        const laterBases = new Set(appended.map(baseKey))
        const moved = new Set(before.filter((paper) => laterBases.has(first.get(paper.id) as string)).map(baseKey))
        for (const paper of before) {
          if (!moved.has(baseKey(paper))) expect(both.get(paper.id)).toBe(first.get(paper.id))
        }
      }),
    )
  })

  it('should give entries with balanced braces for any papers', () => {
    fc.assert(
      fc.property(papersArb, fc.string({ unit: 'binary', maxLength: 10 }), (papers, venueName) => {
        const keys = bibtexKeys(papers)
        for (const paper of papers) {
          const entry = bibtexEntry(paper, { key: keys.get(paper.id) as string, venueName })
          expect(bibtexBalanced(entry)).toBe(true)
          expect(entry).toMatch(/^@inproceedings\{[a-z0-9]+,\n {2}title = \{/)
        }
      }),
    )
  })
})

describe('bibtexEntry', () => {
  it('should omit a non-http URL and the author field of a paper without authors', () => {
    const entry = bibtexEntry(makePaper({ index: 1, title: 'T', url: 'javascript:alert(1)' }), { key: 'anon2021t', venueName: 'ICLR' })
    expect(entry).toBe('@inproceedings{anon2021t,\n  title = {T},\n  booktitle = {ICLR 2021},\n  year = {2021}\n}\n')
  })

  it('should take a booktitle override', () => {
    const entry = bibtexEntry(makePaper({ index: 1 }), { key: 'k', venueName: 'ICLR', booktitle: 'Proceedings of ICLR & Co' })
    expect(entry).toContain('  booktitle = {Proceedings of ICLR \\& Co},\n')
  })

  it('should percent-encode only what breaks a verbatim url field', () => {
    expect(bibtexUrl('https://x.org/a_b~c?q=1&r=%41#f')).toBe('https://x.org/a_b~c?q=1&r=%41#f')
    expect(bibtexUrl('https://x.org/{a}?q=50%&s=a b#x{y}')).toBe('https://x.org/%7Ba%7D?q=50%25&s=a%20b#x%7By%7D')
    expect(bibtexUrl('ftp://x.org/')).toBeUndefined()
  })

  it('should write a venue-year file with site-wide keys', () => {
    const papers = [makePaper({ index: 1, title: 'Deep', authors: ['A Smith'] }), makePaper({ index: 2, title: 'Deep', authors: ['B Smith'] })]
    const keys = bibtexKeys(papers)
    const bib = venueYearBibtex(makeVenueYear('iclr', 'ICLR', 2021, papers), keys)
    expect(bib.match(/^@inproceedings\{[a-z0-9]+/gm)).toEqual(['@inproceedings{smith2021deep', '@inproceedings{smith2021deepa'])
    expect(() => venueYearBibtex(makeVenueYear('iclr', 'ICLR', 2021, papers), new Map())).toThrow(/No BibTeX key/)
  })
})
