#!/usr/bin/env node
// Run a TypeScript script of this repository (benchmarks, maintenance) through tsx.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { register } from 'tsx/esm/api'

register()
const [script, ...args] = process.argv.slice(2)
if (!script) {
  process.stderr.write('usage: run-ts <script.ts> [args]\n')
  process.exit(2)
}
process.argv = [process.argv[0], resolve(script), ...args]
await import(pathToFileURL(resolve(script)).href)
