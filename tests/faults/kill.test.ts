/**
 * SIGKILL a build at spread moments: the output folder is always a whole site, the previous
 * one or (if the kill came after the swap) the new one, never a mix; the next build takes the
 * stale lock over, cleans up, and makes the new site.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outputPaths } from '../../src/build/output.ts'
import { identify, runCli, sleep, snapshot, startCli, warmCache, writeSyntheticContent } from './synthetic.ts'

const base = mkdtempSync(join(tmpdir(), 'papershelf-kill-'))
const content = { v1: join(base, 'content-v1'), v2: join(base, 'content-v2') }
const out = join(base, 'site')
const cache = join(base, 'cache')
const versions: Record<string, Map<string, string>> = {}
let buildMs = 0

const buildArgs = (version: 'v1' | 'v2', to = out) => ['build', '--content', content[version], '--out', to, '--cache-dir', cache, '--quiet']

beforeAll(async () => {
  await warmCache(cache)
  for (const version of ['v1', 'v2'] as const) writeSyntheticContent(content[version], { version, filesPerYear: 1, papersPerFile: 40 })
  // Each version as a build makes it over the other one (every page changes): what OUT must
  // be exactly once such a build has swapped in. The last build is the duration the kills are
  // spread over.
  for (const version of ['v2', 'v1', 'v2'] as const) {
    const run = await runCli(buildArgs(version))
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    versions[version] = snapshot(out) as Map<string, string>
    buildMs = run.ms
  }
})

afterAll(() => {
  rmSync(base, { recursive: true, force: true })
})

describe('a build killed at any moment', () => {
  it('should leave the previous site or the new one, whole, and let the next build finish', async () => {
    expect(versions.v1?.size).toBeGreaterThan(100)
    expect(identify(versions.v1, { v2: versions.v2 as Map<string, string> })).toMatch(/^mix/)
    const paths = outputPaths(out)
    const kills = 8
    const delays = Array.from({ length: kills }, (_, k) => Math.round(50 + ((buildMs * 0.9 - 50) * k) / (kills - 1)))
    let current: 'v1' | 'v2' = 'v2'
    const log: string[] = []
    for (const delay of delays) {
      const target: 'v1' | 'v2' = current === 'v1' ? 'v2' : 'v1'
      const { child, done } = startCli(buildArgs(target))
      await sleep(delay)
      child.kill('SIGKILL')
      const run = await done
      const state = identify(snapshot(out), versions)
      log.push(`${delay} ms: ${run.signal ?? `exit ${run.code}`} → ${state}`)
      if (state === 'missing') {
        // Killed between the two renames of the swap: the previous site waits whole beside it,
        // for the next build to put back.
        expect(identify(snapshot(paths.old), versions), log.join('\n')).toBe(current)
        continue
      }
      expect([current, target], log.join('\n')).toContain(state)
      if (run.signal === null) {
        expect(run.code, run.stderr).toBe(0)
        expect(state).toBe(target)
      }
      current = state as 'v1' | 'v2'
    }
    // Some kills must have landed before the swap, or the test killed nothing that mattered.
    expect(
      log.some((line) => line.includes('SIGKILL')),
      log.join('\n'),
    ).toBe(true)

    const target: 'v1' | 'v2' = current === 'v1' ? 'v2' : 'v1'
    const final = await runCli(buildArgs(target))
    expect(final.stderr, log.join('\n')).toBe('')
    expect(final.code).toBe(0)
    expect(identify(snapshot(out), versions), log.join('\n')).toBe(target)
    // The lock is released, no staging folder or moved-aside site is left; the previous site's
    // trash is deleted in the background, so give that a moment.
    const leftovers = () => readdirSync(base).filter((name) => name.startsWith('.papershelf-') && !name.endsWith('.spare'))
    for (let k = 0; k < 50 && leftovers().length > 0; k++) await sleep(100)
    expect(leftovers()).toEqual([])
    expect(readdirSync(base).sort()).toEqual(['.papershelf-site.spare', 'cache', 'content-v1', 'content-v2', 'site'])
    console.info(`build ${Math.round(buildMs)} ms; kills:\n${log.join('\n')}`)
  })
})
