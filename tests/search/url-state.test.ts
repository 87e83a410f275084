import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { emptyState, formatState, parseState } from '../../src/search/url-state.ts'

describe('search URL state', () => {
  it('should leave defaults out of the URL', () => {
    expect(formatState(emptyState)).toBe('')
    expect(formatState({ q: 'diffusion policy', venue: '', year: 0, page: 1 })).toBe('?q=diffusion+policy')
  })

  it('should read what it writes, for any state', () => {
    const state = fc.record({
      q: fc.string({ maxLength: 60 }),
      venue: fc.oneof(fc.constant(''), fc.stringMatching(/^[a-z0-9-]{1,12}$/)),
      year: fc.oneof(fc.constant(0), fc.integer({ min: 1000, max: 9999 })),
      page: fc.integer({ min: 1, max: 500 }),
    })
    fc.assert(
      fc.property(state, (s) => {
        expect(parseState(formatState(s))).toEqual(s)
      }),
    )
  })

  it('should ignore malformed parameters', () => {
    expect(parseState('?q=x&venue=../etc&year=20x1&page=-3')).toEqual({ q: 'x', venue: '', year: 0, page: 1 })
  })
})
