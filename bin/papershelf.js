#!/usr/bin/env node
// papershelf is written in TypeScript and run through tsx, so that there is no compile step
// between editing the sources and running them.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli.ts')
try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  // Failures of the environment (a locked or unwritable output, a full disk) are reported in
  // one line; PAPERSHELF_DEBUG=1 shows the stack as well.
  process.stderr.write(`papershelf: ${error instanceof Error ? error.message : String(error)}\n`)
  if (process.env.PAPERSHELF_DEBUG) console.error(error)
  process.exitCode = 1
}
