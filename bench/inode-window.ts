/**
 * How long creating files stays slow after a large deletion on this machine's disk: creates
 * 3,000 folders with one small file each, deletes 40,000 such folders, then creates 3,000 again
 * at intervals. On ext4 without a journal the inode allocator skips recently freed inodes, and
 * the benchmark must not bill one measurement's clean-up to the next (see bench/README.md).
 *
 * CLI: node bin/run-ts.js bench/inode-window.ts [--dir <scratch folder on the disk to test>]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { dir: { type: 'string', default: join(import.meta.dirname, 'out') } } })
mkdirSync(values.dir, { recursive: true })
const root = mkdtempSync(join(values.dir, 'inode-window-'))
const page = Buffer.alloc(2000, 'a')

/** Seconds to create `count` folders, each with an `index.html`. */
function create(dir: string, count: number): number {
  mkdirSync(dir)
  const started = performance.now()
  for (let i = 0; i < count; i++) {
    mkdirSync(join(dir, String(i)))
    writeFileSync(join(dir, String(i), 'index.html'), page)
  }
  return (performance.now() - started) / 1000
}

try {
  console.log(`before any deletion: 3,000 folders in ${create(join(root, 'before'), 3000).toFixed(2)} s`)
  create(join(root, 'big'), 40_000)
  const deleted = performance.now()
  rmSync(join(root, 'big'), { recursive: true })
  for (const after of [0, 20, 40, 60, 120]) {
    while ((performance.now() - deleted) / 1000 < after) await new Promise((done) => setTimeout(done, 250))
    console.log(`${after} s after deleting 40,000: 3,000 folders in ${create(join(root, `after-${after}`), 3000).toFixed(2)} s`)
  }
} finally {
  rmSync(root, { recursive: true, force: true })
}
