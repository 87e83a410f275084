#!/usr/bin/env node
// papershelf is written in TypeScript and run through tsx, so that there is no compile step
// between editing the sources and running them.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli.ts')
process.exitCode = await main(process.argv.slice(2))
