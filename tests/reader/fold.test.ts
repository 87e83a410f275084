import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { asciiFold, compareCodePoints } from '../../src/reader/fold.ts'

/** The order by definition: the strings' code points, as the string iterator reads them (a lone surrogate is one). */
function byCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) as number)
  const y = Array.from(b, (c) => c.codePointAt(0) as number)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number)
  }
  return x.length - y.length
}

// Code units where the two orders part: ASCII, the top of the BMP, and both halves of surrogate pairs, paired or not.
const unit = fc.constantFrom(0x41, 0x61, 0xe9, 0xd7ff, 0xd800, 0xd83d, 0xdbff, 0xdc00, 0xde00, 0xdfff, 0xe000, 0xfb01, 0xffff)
const text = fc.array(unit, { maxLength: 8 }).map((units) => String.fromCharCode(...units))

describe('compareCodePoints', () => {
  it('should order strings by code point, not by UTF-16 code unit', () => {
    expect(compareCodePoints('\u{1f600}', '\uffff')).toBeGreaterThan(0)
    expect('\u{1f600}' < '\uffff').toBe(true)
    expect(compareCodePoints('a\u{1f600}', 'a\u{1f601}')).toBeLessThan(0)
    expect(compareCodePoints('\ud83d', '\u{1f600}')).toBeLessThan(0)
    expect(compareCodePoints('\ud83dx', '\ud83dy')).toBeLessThan(0)
    expect(compareCodePoints('José', 'José')).toBe(0)
    expect(compareCodePoints('Jose', 'José')).toBeLessThan(0)
  })

  it('should agree in sign with the code-point order on any strings, well-formed or not', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(byCodePoints(a, b)))
      }),
      { numRuns: 5_000 },
    )
  })
})

describe('asciiFold', () => {
  it('should fold accents, ligatures and the letters NFKD leaves alone', () => {
    expect(asciiFold('José García')).toBe('Jose Garcia')
    expect(asciiFold('Łukasz Kaiser')).toBe('Lukasz Kaiser')
    expect(asciiFold('ﬁnite Straße')).toBe('finite Strasse')
    expect(asciiFold('王伟')).toBe('王伟')
  })

  it('should leave ASCII text as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii' }), (value) => {
        expect(asciiFold(value)).toBe(value)
      }),
    )
  })
})
