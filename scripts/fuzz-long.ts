/**
 * A long fuzz run of the listing parser with the generators of the fuzz tests:
 *
 *   node bin/run-ts.js scripts/fuzz-long.ts [--runs 100000] [--seed 42] [--out scratch/fuzz-failures]
 *
 * Prints how many inputs were tried, crashes (exceptions), hangs (a parse over 2 s), records
 * lost (headings that became neither a paper nor an error), other invariant violations, and the
 * time taken. Failing inputs are written to the `--out` folder (as `<kind>-<n>.md` bytes plus a
 * `.txt` describing the problem) so that they can be replayed. Exits 1 if anything failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import fc from 'fast-check'
import { checkListing, type FuzzInput, hostileListing } from '../tests/fuzz/generators.ts'

const hangLimitMs = 2_000

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    runs: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    out: { type: 'string', default: 'scratch/fuzz-failures' },
  },
})
const runs = Number(values.runs)
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed)
if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: expected a positive whole number`)
if (!Number.isSafeInteger(seed)) throw new Error(`--seed ${values.seed}: expected a whole number`)

const counts = { tried: 0, crashes: 0, hangs: 0, lost: 0, lostInputs: 0, violations: 0, papers: 0, errors: 0, bytes: 0 }
let slowest = 0
let saved = 0

function save(kind: string, input: FuzzInput, detail: string): void {
  if (saved >= 50) return
  mkdirSync(values.out, { recursive: true })
  const name = `${kind}-${++saved}`
  writeFileSync(join(values.out, `${name}.md`), input.bytes)
  writeFileSync(join(values.out, `${name}.txt`), `source: ${input.source}\n${detail}\n`)
}

const started = performance.now()
let lastReport = started
fc.check(
  fc.property(hostileListing, (input) => {
    counts.tried++
    counts.bytes += input.bytes.length
    const outcome = checkListing(input.bytes, input.source)
    slowest = Math.max(slowest, outcome.ms)
    if (outcome.error !== undefined) {
      counts.crashes++
      save('crash', input, String((outcome.error as Error).stack ?? outcome.error))
    } else {
      counts.papers += outcome.papers.length
      counts.errors += outcome.file.messages.filter((m) => m.fatal).length
      if (outcome.ms > hangLimitMs) {
        counts.hangs++
        save('hang', input, `${outcome.ms.toFixed(0)} ms`)
      }
      if (outcome.lost.length > 0) {
        counts.lost += outcome.lost.length
        counts.lostInputs++
        save('lost', input, outcome.lost.join('\n'))
      }
      if (outcome.violations.length > 0) {
        counts.violations += outcome.violations.length
        save('violation', input, outcome.violations.join('\n'))
      }
    }
    const now = performance.now()
    if (now - lastReport > 10_000) {
      lastReport = now
      process.stderr.write(`… ${counts.tried.toLocaleString('en-US')} inputs in ${((now - started) / 1000).toFixed(0)} s\n`)
    }
    // Never fail the property: every input is counted, none is shrunk.
    return true
  }),
  { numRuns: runs, seed },
)
const elapsed = (performance.now() - started) / 1000

const lines = [
  `papershelf parser fuzz: seed ${seed}, ${runs.toLocaleString('en-US')} runs`,
  `inputs tried:        ${counts.tried.toLocaleString('en-US')} (${(counts.bytes / 1e6).toFixed(1)} MB)`,
  `crashes (throws):    ${counts.crashes}`,
  `hangs (> ${hangLimitMs} ms):   ${counts.hangs} (slowest parse ${slowest.toFixed(1)} ms)`,
  `records lost:        ${counts.lost} (in ${counts.lostInputs} inputs)`,
  `other violations:    ${counts.violations}`,
  `papers returned:     ${counts.papers.toLocaleString('en-US')}; error messages: ${counts.errors.toLocaleString('en-US')}`,
  `elapsed:             ${elapsed.toFixed(1)} s`,
]
process.stdout.write(`${lines.join('\n')}\n`)
if (saved > 0) process.stdout.write(`failing inputs saved in ${values.out}/\n`)
process.exitCode = counts.crashes + counts.hangs + counts.lost + counts.violations > 0 ? 1 : 0
