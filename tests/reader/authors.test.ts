import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { authorSlugs, groupByAuthor, maxSlugLength } from '../../src/reader/authors.ts'
import { shortHash } from '../../src/reader/slug-hash.ts'
import { makePaper, makeVenueYear } from './helpers.ts'

const safeSlug = /^[a-z0-9-]+$/
const windowsReserved = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/

function expectSafe(slug: string): void {
  expect(slug).toMatch(safeSlug)
  expect(slug.length).toBeLessThanOrEqual(maxSlugLength)
  expect(slug).not.toMatch(windowsReserved)
}

const hostileNames = [
  '../',
  '..',
  '.',
  '/',
  '\\',
  '..\\..\\windows',
  '%2e%2e',
  '%2e%2e%2f',
  'a\u0000b',
  '\u0000',
  'CON',
  'con',
  'Nul',
  'LPT1',
  'com9',
  'x'.repeat(10_000),
  'José '.repeat(2_000),
  '!!!',
  '—',
  '???',
  '王伟',
  '李娜',
  '<script>alert(1)</script>',
  ' ',
  '',
]

describe('authorSlugs', () => {
  it('should slugify a name by folding it to ASCII', () => {
    const slugs = authorSlugs(['Raphaël Millière', 'Łukasz Kaiser', 'Søren Ødegård'])
    expect(slugs.get('Raphaël Millière')).toBe('raphael-milliere')
    expect(slugs.get('Łukasz Kaiser')).toBe('lukasz-kaiser')
    expect(slugs.get('Søren Ødegård')).toBe('soren-odegard')
  })

  it('should leave the bare slug to the name first in code-point order and hash the others', () => {
    const slugs = authorSlugs(['José García', 'Jose Garcia', 'JOSE GARCIA'])
    // Code-point order: `JOSE GARCIA` < `Jose Garcia` < `José García`.
    expect(slugs.get('JOSE GARCIA')).toBe('jose-garcia')
    expect(slugs.get('Jose Garcia')).toBe(`jose-garcia-${shortHash('Jose Garcia')}`)
    expect(slugs.get('José García')).toBe(`jose-garcia-${shortHash('José García')}`)
  })

  it('should give names without ASCII letters a hashed slug', () => {
    const slugs = authorSlugs(['王伟', '李娜'])
    expect(slugs.get('王伟')).toBe(`author-${shortHash('王伟')}`)
    expect(slugs.get('李娜')).toMatch(/^author-[0-9a-f]{8}$/)
    expect(slugs.get('王伟')).not.toBe(slugs.get('李娜'))
  })

  it('should not let a hashed slug take a name that is another bare slug', () => {
    const victim = `jose-garcia-${shortHash('José García')}`
    const slugs = authorSlugs(['Jose Garcia', 'José García', victim])
    expect(slugs.get(victim)).toBe(victim)
    expect(slugs.get('José García')).toMatch(/^jose-garcia-[0-9a-f]{8}$/)
    expect(new Set(slugs.values()).size).toBe(3)
  })

  it('should keep hostile names path-safe and distinct', () => {
    const slugs = authorSlugs(hostileNames)
    expect(slugs.size).toBe(new Set(hostileNames).size)
    for (const slug of slugs.values()) expectSafe(slug)
    expect(new Set(slugs.values()).size).toBe(slugs.size)
    expect(slugs.get('CON')).not.toBe('con')
  })

  const nameArb = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom(...hostileNames),
    fc.constantFrom('José García', 'Jose Garcia', 'jose garcia', 'JOSÉ GARCÍA', 'Jose-Garcia'),
    fc.string({ unit: fc.constantFrom('a', 'é', ' ', '-', '.', '/', 'A', '1'), maxLength: 6 }),
  )

  it('should map distinct names to distinct, safe slugs', () => {
    fc.assert(
      fc.property(fc.array(nameArb, { maxLength: 30 }), (names) => {
        const slugs = authorSlugs(names)
        expect(slugs.size).toBe(new Set(names).size)
        expect(new Set(slugs.values()).size).toBe(slugs.size)
        for (const slug of slugs.values()) expectSafe(slug)
      }),
    )
  })

  it('should depend only on the set of names, not their order or repeats', () => {
    fc.assert(
      fc.property(
        fc.array(nameArb, { maxLength: 30 }).chain((names) => fc.tuple(fc.constant(names), fc.shuffledSubarray(names, { minLength: names.length }))),
        fc.array(fc.nat()),
        ([names, shuffled], repeats) => {
          const repeated = [...shuffled, ...repeats.filter((i) => i < names.length).map((i) => names[i] as string)]
          expect([...authorSlugs(repeated)].sort()).toEqual([...authorSlugs(names)].sort())
        },
      ),
    )
  })
})

describe('groupByAuthor', () => {
  const iclr2021 = makeVenueYear('iclr', 'ICLR', 2021, [
    makePaper({ index: 1, authors: ['Ada Lovelace', 'Alan Turing'] }),
    makePaper({ index: 2, authors: ['Alan Turing', 'Alan Turing'] }),
    makePaper({ index: 3, authors: ['Émilie du Châtelet', ' '] }),
  ])
  const nips2023 = makeVenueYear('nips', 'NeurIPS', 2023, [makePaper({ venue: 'nips', year: 2023, index: 7, authors: ['Alan Turing'] })])
  const iclr2023 = makeVenueYear('iclr', 'ICLR', 2023, [makePaper({ venue: 'iclr', year: 2023, index: 4, authors: ['Alan Turing'] })])
  const groups = groupByAuthor([iclr2021, nips2023, iclr2023])

  it('should list every non-blank author once, ordered by slug', () => {
    expect(groups.map((group) => [group.name, group.slug])).toEqual([
      ['Ada Lovelace', 'ada-lovelace'],
      ['Alan Turing', 'alan-turing'],
      ['Émilie du Châtelet', 'emilie-du-chatelet'],
    ])
  })

  it('should order papers by year, newest first, then in site order, each paper once', () => {
    const turing = groups.find((group) => group.name === 'Alan Turing')
    expect(turing?.papers.map((paper) => paper.id)).toEqual(['nips-2023-7', 'iclr-2023-4', 'iclr-2021-1', 'iclr-2021-2'])
  })

  it('should count papers per venue-year in page order', () => {
    const turing = groups.find((group) => group.name === 'Alan Turing')
    expect(turing?.counts).toEqual([
      { key: 'nips-2023', venue: 'nips', name: 'NeurIPS', year: 2023, count: 1 },
      { key: 'iclr-2023', venue: 'iclr', name: 'ICLR', year: 2023, count: 1 },
      { key: 'iclr-2021', venue: 'iclr', name: 'ICLR', year: 2021, count: 2 },
    ])
  })

  it('should return nothing for a site without authors', () => {
    expect(groupByAuthor([makeVenueYear('iclr', 'ICLR', 2021, [makePaper({ index: 1 })])])).toEqual([])
  })
})

describe('shortHash', () => {
  it('should be FNV-1a over UTF-8', () => {
    // Reference values of 32-bit FNV-1a.
    expect(shortHash('')).toBe('811c9dc5')
    expect(shortHash('a')).toBe('e40c292c')
    expect(shortHash('foobar')).toBe('bf9cf968')
    expect(shortHash('é')).not.toBe(shortHash('e\u0301'))
  })
})
