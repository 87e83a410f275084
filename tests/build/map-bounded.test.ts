import { describe, expect, it } from 'vitest'
import { mapBounded } from '../../src/build/pool.ts'

const tick = () => new Promise((done) => setTimeout(done, 1))

describe('mapBounded', () => {
  it('keeps the order of the items and never has more than `limit` calls unsettled', async () => {
    let running = 0
    let most = 0
    const results = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
      most = Math.max(most, ++running)
      for (let i = 0; i < n; i++) await tick()
      running--
      return n * 10
    })
    expect(results).toEqual([50, 10, 40, 20, 30])
    expect(most).toBe(2)
  })

  it('takes items from a lazy iterable only as calls finish', async () => {
    const taken: number[] = []
    function* items() {
      for (let i = 0; i < 6; i++) {
        taken.push(i)
        yield i
      }
    }
    let seenWhenFirstDone = -1
    await mapBounded(items(), 2, async (i) => {
      await tick()
      if (i === 0) seenWhenFirstDone = taken.length
      return i
    })
    expect(seenWhenFirstDone).toBe(2)
    expect(taken).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('stops taking items after a failure and throws it once the calls under way settle', async () => {
    const started: number[] = []
    let settled = 0
    const run = mapBounded([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i)
      await tick()
      settled++
      if (i === 1) throw new Error('no space left')
      return i
    })
    await expect(run).rejects.toThrow('no space left')
    expect(settled).toBe(started.length)
    expect(started.length).toBeLessThan(6)
  })
})
