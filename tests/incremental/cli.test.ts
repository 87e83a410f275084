/**
 * The command line, twice on a copy of the shipped content (ICLR 2021, five listing files):
 * the closing summary's cache counters (wording of `buildSummary` in src/build/progress.ts),
 * one progress line per phase when stderr is not a terminal, and silence with --quiet.
 */
import { cpSync, existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/build.ts'
import { type CliRun, listFiles, loadPapershelf, makeContent, type Papershelf, runCli, tempDir } from './harness.ts'

/** `phase: done/total label`, as progressReporter writes it off a terminal. */
const progressLine = /^(parse|bundle|pages|index|site|swap): ([\d,]+)\/([\d,]+) [a-z -]+$/
const phaseOrder = ['parse', 'bundle', 'pages', 'index', 'site', 'swap']

function progressPhases(run: CliRun): string[] {
  return run.stderr
    .split('\n')
    .filter((line) => progressLine.test(line))
    .map((line) => (progressLine.exec(line) as RegExpExecArray)[1] as string)
}

function summaryOf(run: CliRun): string {
  const lines = run.stderr.split('\n').filter((line) => line.startsWith('Built '))
  expect(lines, run.stderr).toHaveLength(1)
  return lines[0] as string
}

describe('papershelf build, twice on the shipped content', () => {
  const temp = tempDir('incremental-cli')
  let ps: Papershelf
  let first: CliRun
  let second: CliRun
  const args = ['build', '--content', 'content', '--out', 'dist', '--cache-dir', '.cache']

  beforeAll(async () => {
    ps = await loadPapershelf(temp.dir)
    cpSync(join(repoRoot, 'content'), join(temp.dir, 'content'), { recursive: true })
    first = await runCli(ps.bin, args, temp.dir)
    second = await runCli(ps.bin, args, temp.dir)
  })
  afterAll(() => temp.remove())

  it('both runs succeed, print nothing on stdout, and no control characters (not a terminal)', () => {
    for (const run of [first, second]) {
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toBe('')
      expect(run.stderr).not.toMatch(/[\r\x1b]/)
    }
  })

  it('the first run: everything parsed and rendered, nothing unchanged', () => {
    const files = listFiles(join(temp.dir, 'dist')).length.toLocaleString('en-US')
    expect(summaryOf(first)).toMatch(
      new RegExp(
        `^Built 860 papers \\(1 venue-year\\) → 18 listing pages, 860 paper pages, index [\\d.]+ MB, [\\d.]+ MB in dist/ in [\\d.]+ s — cache 0 hit, 5 miss; 0 venue-years reused, 1 rendered; 0 of ${files} files unchanged, 3 warnings$`,
      ),
    )
  })

  it('the second run: every listing from the cache, the venue-year reused, every file unchanged', () => {
    const files = listFiles(join(temp.dir, 'dist')).length.toLocaleString('en-US')
    expect(summaryOf(second)).toMatch(
      new RegExp(
        `^Built 860 papers \\(1 venue-year\\) → 18 listing pages, 860 paper pages, index [\\d.]+ MB, [\\d.]+ MB in dist/ in [\\d.]+ s — cache 5 hit, 0 miss; 1 venue-year reused, 0 rendered; ${files} of ${files} files unchanged, 3 warnings$`,
      ),
    )
  })

  it('the first run prints one line per phase, each when it ends, in order', () => {
    expect(progressPhases(first)).toEqual(phaseOrder)
    const lines = first.stderr.split('\n')
    expect(lines.find((line) => line.startsWith('parse:'))).toBe('parse: 5/5 listing files parsed')
    expect(lines.find((line) => line.startsWith('pages:'))).toBe('pages: 1/1 venue-years written')
    expect(lines.find((line) => line.startsWith('swap:'))).toBe('swap: 1/1 site swapped in')
  })

  // Regression: an up-to-date build ended after `bundle` without writing that phase's line.
  it('the second (up-to-date) run prints one line for each phase it ran: parse and bundle', () => {
    expect(progressPhases(second)).toEqual(['parse', 'bundle'])
  })

  it('--quiet prints nothing on success', async () => {
    const quiet = await runCli(ps.bin, [...args, '--quiet'], temp.dir)
    expect(quiet.code, quiet.stderr).toBe(0)
    expect(quiet.stdout).toBe('')
    expect(quiet.stderr).toBe('')
  })
})

describe('papershelf build --no-cache', () => {
  const temp = tempDir('incremental-cli-no-cache')
  afterAll(() => temp.remove())

  it('reads and writes no cache folder', async () => {
    const ps = await loadPapershelf(temp.dir)
    const cwd = join(temp.dir, 'project')
    makeContent(cwd)
    const run = await runCli(ps.bin, ['build', '--content', 'content', '--out', 'dist', '--no-cache', '--jobs', '0'], cwd)
    expect(run.code, run.stderr).toBe(0)
    expect(existsSync(join(cwd, '.cache'))).toBe(false)
    expect(readdirSync(cwd).sort()).toEqual(['content', 'dist'])
    // No cache, so no cache counters in the summary.
    expect(summaryOf(run)).toMatch(/^Built \d+ papers \(3 venue-years\)/)
    expect(summaryOf(run)).not.toContain('cache')
  })
})
