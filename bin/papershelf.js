#!/usr/bin/env node
import { loadCli } from './load-cli.js'

const { main } = await loadCli()
try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  // Failures of the environment (a locked or unwritable output, a full disk) are reported in
  // one line; PAPERSHELF_DEBUG=1 shows the stack as well.
  process.stderr.write(`papershelf: ${error instanceof Error ? error.message : String(error)}\n`)
  if (process.env.PAPERSHELF_DEBUG) console.error(error)
  process.exitCode = 1
}
