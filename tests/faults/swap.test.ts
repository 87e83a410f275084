/**
 * Kills between the two renames of the output swap (OUT moved aside, the new site not yet in),
 * and a lock left by a dead build. See `swap-fixture.ts`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acquireLock, recoverOutput } from '../../src/build/output.ts'
import { swapFixture } from './swap-fixture.ts'
import { identify, snapshot } from './synthetic.ts'

const { base, out, paths, versions, killAfterRename, buildNormally, leftovers, setup, cleanup } = swapFixture('swap')

beforeAll(setup)
afterAll(cleanup)

describe('a build killed inside the swap', () => {
  it('should leave the previous site whole beside OUT when killed between the two renames, for recovery to restore', async () => {
    await buildNormally('v1')
    await killAfterRename('v2', paths.old)
    // The window: OUT is gone for the moment, the previous site waits whole beside it, the
    // new one whole in staging, and the dead build's lock is still there.
    expect(existsSync(out)).toBe(false)
    expect(identify(snapshot(paths.old), versions)).toBe('v1')
    const staging = readdirSync(base).filter((name) => name.startsWith(paths.stagingPrefix))
    expect(staging).toHaveLength(1)
    expect(identify(snapshot(join(base, staging[0] as string)), versions)).toBe('v2')
    expect(existsSync(paths.lock)).toBe(true)

    // What the next build does first: take the stale lock over and recover.
    const release = acquireLock(out)
    try {
      recoverOutput(out)
    } finally {
      release()
    }
    expect(identify(snapshot(out), versions)).toBe('v1')
    expect(await leftovers()).toEqual([])

    await buildNormally('v2')
  })

  it('should recover the previous site in a full CLI build after a kill between the two renames', async () => {
    await buildNormally('v1')
    await killAfterRename('v2', paths.old)
    expect(existsSync(out)).toBe(false)
    // Building the previous content again: recovery puts v1 back, which is already up to date.
    await buildNormally('v1')
    expect(await leftovers()).toEqual([])
  })

  it('should take over a lock left by a dead build and remove leftover staging and trash folders', async () => {
    await buildNormally('v1')
    // A pid that is certainly not running: far above any pid_max.
    writeFileSync(paths.lock, '4194999')
    mkdirSync(join(base, `${paths.stagingPrefix}4194999`, 'iclr'), { recursive: true })
    mkdirSync(join(base, `${paths.trashPrefix}4194999-1`, 'iclr'), { recursive: true })
    writeFileSync(join(base, `${paths.stagingPrefix}4194999`, 'iclr', 'half.html'), '<p>half')
    await buildNormally('v2')
    expect(await leftovers()).toEqual([])
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toContain('half')
  })
})
