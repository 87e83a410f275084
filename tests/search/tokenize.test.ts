import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { tokenize } from '../../src/search/options.ts'

// The definition the fast tokenizer must match exactly: MiniSearch-style splitting.
const reference = (text: string) => text.split(/[\n\r\p{Z}\p{P}\p{S}]+/u).filter((word) => word !== '')

describe('tokenize', () => {
  it('should split at spaces, punctuation and symbols, TeX included', () => {
    expect(tokenize('Actor-critic, $\\ell_{1}$ (RL) — 3.5× faster')).toEqual(['Actor', 'critic', 'ell', '1', 'RL', '3', '5', 'faster'])
  })

  it('should agree with the regex definition on any text, astral and lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom(' ', '-', '$', '\n', 'é', '😀', '\ud800', '\udc00', '。', '\u00a0'),
            fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
          ),
        }),
        (text) => {
          expect(tokenize(text)).toEqual(reference(text))
        },
      ),
      { numRuns: 2000 },
    )
  })
})
