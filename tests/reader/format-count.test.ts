import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatCount } from '../../src/reader/format-count.ts'

describe('formatCount', () => {
  it('should group thousands as en-US does', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(999)).toBe('999')
    expect(formatCount(1000)).toBe('1,000')
    expect(formatCount(27000)).toBe('27,000')
    expect(formatCount(250000)).toBe('250,000')
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCount(-1234)).toBe('-1,234')
  })

  it('should write every whole number exactly as toLocaleString("en-US")', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (n) => formatCount(n) === n.toLocaleString('en-US')),
      { numRuns: 5000 },
    )
  })

  it('should round a fraction to the whole number', () => {
    expect(formatCount(1234.6)).toBe('1,235')
  })
})
