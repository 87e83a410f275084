/**
 * A fixture for kills at exact points of the output swap, found with a fault-injection preload
 * (`pause-after-rename.mjs`): the build stops right after a given rename, and is SIGKILLed there.
 *
 * commitOutput: rename OUT → .papershelf-OUT.old; rename staging → OUT; rename .old → trash.
 * Then the build state (what OUT was made of) is saved in the cache.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { outputPaths } from '../../src/build/output.ts'
import { identify, runCli, sleep, snapshot, startCli, warmCache, writeSyntheticContent } from './synthetic.ts'

export type Version = 'v1' | 'v2'

export function swapFixture(name: string) {
  const base = mkdtempSync(join(tmpdir(), `papershelf-${name}-`))
  const content = { v1: join(base, 'content-v1'), v2: join(base, 'content-v2') }
  const out = join(base, 'site')
  const cache = join(base, 'cache')
  const paths = outputPaths(out)
  const versions: Record<string, Map<string, string>> = {}
  const preload = new URL('./pause-after-rename.mjs', import.meta.url).href

  const buildArgs = (version: Version, to = out) => ['build', '--content', content[version], '--out', to, '--cache-dir', cache, '--quiet']

  /** Build `version` into OUT, stopping it for good right after the rename onto `renamedTo`; then SIGKILL it. */
  async function killAfterRename(version: Version, renamedTo: string): Promise<void> {
    const marker = join(base, `paused-${Date.now()}`)
    const { child, done } = startCli(buildArgs(version), {
      nodeArgs: ['--import', preload],
      env: { PAPERSHELF_PAUSE_AFTER_RENAME_TO: renamedTo, PAPERSHELF_PAUSE_MARKER: marker },
    })
    for (let waited = 0; !existsSync(marker); waited += 20) {
      if (child.exitCode !== null) throw new Error(`the build ended before the rename: ${(await done).stderr}`)
      if (waited > 60_000) throw new Error('the build never reached the rename')
      await sleep(20)
    }
    child.kill('SIGKILL')
    const run = await done
    expect(run.signal).toBe('SIGKILL')
    rmSync(marker)
  }

  /** Make OUT a normal build of `version` (and the cache's record of OUT match it). */
  async function buildNormally(version: Version): Promise<void> {
    const run = await runCli(buildArgs(version))
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(identify(snapshot(out), versions)).toBe(version)
  }

  /**
   * papershelf's own entries beside OUT (lock, staging, moved-aside site, trash) once the
   * background deletion of a previous site's trash has had a moment to finish.
   */
  async function leftovers(): Promise<string[]> {
    const list = () => readdirSync(base).filter((entry) => entry.startsWith('.papershelf-') && !entry.endsWith('.spare'))
    for (let k = 0; k < 50 && list().length > 0; k++) await sleep(100)
    return list()
  }

  /** Make OUT a trustworthy build of `version` whatever state a failed test left behind. */
  async function rebuildFromScratch(version: Version): Promise<void> {
    rmSync(out, { recursive: true, force: true })
    rmSync(paths.old, { recursive: true, force: true })
    await buildNormally(version === 'v1' ? 'v2' : 'v1')
    await buildNormally(version)
  }

  /** Content of both versions, and each version's site as a build makes it over the other one. Ends with OUT = v1. */
  async function setup(): Promise<void> {
    await warmCache(cache)
    for (const version of ['v1', 'v2'] as const)
      writeSyntheticContent(content[version], { version, venues: ['ICLR', 'NIPS'], filesPerYear: 1, papersPerFile: 30 })
    for (const version of ['v1', 'v2', 'v1'] as const) {
      const run = await runCli(buildArgs(version))
      expect(run.code, run.stderr).toBe(0)
      versions[version] = snapshot(out) as Map<string, string>
    }
  }

  const cleanup = () => rmSync(base, { recursive: true, force: true })

  return { base, content, out, cache, paths, versions, buildArgs, killAfterRename, buildNormally, leftovers, rebuildFromScratch, setup, cleanup }
}
