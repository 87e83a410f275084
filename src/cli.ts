import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { buildSite, checkContent } from './build/build.ts'
import { buildSummary, progressReporter } from './build/progress.ts'
import { formatReport, reportJson } from './build/report.ts'
import { type Config, loadConfig } from './config.ts'
import { formatCount } from './reader/format-count.ts'

/** For bin/load-cli.js: build workers run the CLI bundle's worker module. */
export { useBundledWorker } from './build/pool.ts'

const usage = `papershelf: a static site from markdown listings of conference papers

Usage:
  papershelf build [options]   check the listings and build the site
  papershelf check [options]   check the listings only; exit 1 on any error
  papershelf serve [options]   serve the built site on localhost
  papershelf dev [options]     build, serve, watch content/ and templates/, rebuild and reload on save

Options:
  --content <dir>     listing files (default: content)
  --out <dir>         output folder (default: dist)
  --base <path>       URL path the site is served under (default: /)
  --page-size <n>     papers per listing page (default: 50)
  --site-url <url>    origin for sitemap and canonical URLs (e.g. https://papers.example.org)
  --config <file>     config file (default: papershelf.config.json if present)
  --cache-dir <dir>   where reusable work is kept (default: .cache)
  --no-cache          do not read or write the cache
  --jobs <n>          worker threads (default: one per core, or none when under 5,000 papers need rendering; 0 builds on the main thread)
  --format <f>        check: text (default) or json
  --port <n>          serve / dev: port (default: 4173 / 5173)
  --host <host>       serve: host (default: localhost)
  --quiet             print errors only
  --verbose           print progress of each phase
  -h, --help          show this help
`

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      content: { type: 'string' },
      out: { type: 'string' },
      base: { type: 'string' },
      'page-size': { type: 'string' },
      'site-url': { type: 'string' },
      config: { type: 'string' },
      'cache-dir': { type: 'string' },
      'no-cache': { type: 'boolean' },
      'dev-assets': { type: 'boolean' },
      jobs: { type: 'string' },
      format: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      quiet: { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const command = positionals[0]
  if (values.help || !command) {
    process.stdout.write(usage)
    return values.help ? 0 : 2
  }
  const cwd = process.cwd()
  const overrides: Partial<Config> = {}
  if (values.content !== undefined) overrides.content = values.content
  if (values.out !== undefined) overrides.out = values.out
  if (values.base !== undefined) overrides.base = values.base
  if (values['page-size'] !== undefined) overrides.pageSize = Number(values['page-size'])
  if (values['site-url'] !== undefined) overrides.siteUrl = values['site-url']
  const config = loadConfig(cwd, overrides, values.config)
  const cacheDir = values['no-cache'] ? undefined : (values['cache-dir'] ?? '.cache')
  const quiet = values.quiet === true
  const info = (line: string) => {
    if (!quiet) process.stderr.write(`${line}\n`)
  }

  switch (command) {
    case 'check': {
      const started = performance.now()
      const result = checkContent(config, cwd)
      if (values.format === 'json') {
        process.stdout.write(`${JSON.stringify({ errors: result.errors, warnings: result.warnings, messages: reportJson(result.files) }, null, 2)}\n`)
      } else {
        printDiagnostics(formatReport(result.files), quiet)
        const papers = result.listings.reduce((n, l) => n + l.papers.length, 0)
        info(
          `Checked ${result.listings.length} listing files, ${formatCount(papers)} papers in ${seconds(started)}: ${result.errors} errors, ${result.warnings} warnings`,
        )
      }
      return result.errors > 0 ? 1 : 0
    }
    case 'build': {
      const started = performance.now()
      const jobs = values.jobs === undefined ? undefined : Number(values.jobs)
      if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 0)) throw new Error(`Invalid --jobs ${values.jobs}: expected a whole number, 0 or more`)
      const progress = progressReporter(process.stderr, quiet ? 'quiet' : values.verbose ? 'verbose' : 'normal')
      // --dev-assets: pages link the front end from source, for the dev server (which builds this way).
      const assets = values['dev-assets'] ? { css: [], js: ['src/client/main.ts'] } : undefined
      const result = await buildSite({ config, cwd, cacheDir, jobs, progress: progress.report, assets }).finally(progress.finish)
      printDiagnostics(formatReport(result.files), quiet)
      if (values.verbose)
        info(
          `phases: ${Object.entries(result.timings)
            .map(([name, s]) => `${name} ${s.toFixed(2)} s`)
            .join(', ')}`,
        )
      if (!result.ok) {
        process.stderr.write(`Build failed: ${result.errors} errors, ${result.warnings} warnings; ${config.out} was left as it was.\n`)
        return 1
      }
      info(`${buildSummary(result, (performance.now() - started) / 1000, config.out)}${result.warnings ? `, ${result.warnings} warnings` : ''}`)
      return 0
    }
    case 'dev': {
      const { devServer } = await import('./dev.ts')
      await devServer({ config, cwd, cacheDir: cacheDir ?? '.cache', host: values.host ?? 'localhost', port: Number(values.port ?? 5173), log: info })
      return 0
    }
    case 'serve': {
      const { serveSite } = await import('./serve.ts')
      await serveSite({ root: resolve(cwd, config.out), base: config.base, host: values.host ?? 'localhost', port: Number(values.port ?? 4173) })
      return 0
    }
    default:
      process.stderr.write(`Unknown command ${command}\n\n${usage}`)
      return 2
  }
}

function printDiagnostics(lines: string[], quiet: boolean): void {
  const shown = quiet ? lines.filter((line) => line.includes(': error: ')) : lines
  if (shown.length > 0) process.stderr.write(`${shown.join('\n')}\n`)
}

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`
}
