import { formatCount } from '../reader/format-count.ts'
import type { BuildResult, ProgressEvent } from './build.ts'

const labels: Record<ProgressEvent['phase'], string> = {
  parse: 'listing files parsed',
  bundle: 'front end bundled',
  pages: 'venue-years written',
  index: 'index shards built',
  site: 'site files written',
  swap: 'site swapped in',
}

/**
 * Progress of a build for people: on a terminal, one live line per phase with counts; off a
 * terminal (CI, logs), one line when each phase ends. Quiet prints nothing.
 */
export function progressReporter(stream: NodeJS.WriteStream, mode: 'quiet' | 'normal' | 'verbose'): ProgressReporter {
  if (mode === 'quiet') return { report: () => {}, finish: () => {} }
  const live = stream.isTTY === true
  let current: ProgressEvent | undefined
  let lastDraw = 0
  const line = (e: ProgressEvent) => `${e.phase}: ${formatCount(e.done)}/${formatCount(e.total)} ${labels[e.phase]}`
  const finish = () => {
    if (!current) return
    stream.write(live ? `\r\x1b[K${line(current)}\n` : `${line(current)}\n`)
    current = undefined
  }
  return {
    report: (event) => {
      if (current && current.phase !== event.phase) finish()
      current = event
      if (live) {
        const now = performance.now()
        if (now - lastDraw > 80 || event.done === event.total) {
          stream.write(`\r\x1b[K${line(event)}`)
          lastDraw = now
        }
      }
    },
    // The last phase's line, whichever phase the build ended in.
    finish,
  }
}

/** Receives progress events; `finish` ends the last line once the build returns. */
export interface ProgressReporter {
  report: (event: ProgressEvent) => void
  finish: () => void
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`
const venueYears = (value: number) => `${formatCount(value)} venue-year${value === 1 ? '' : 's'}`

/** The closing line of a build. */
export function buildSummary(result: BuildResult, seconds: number, out: string): string {
  const cache = result.cacheUsed
    ? ` — cache ${formatCount(result.listingsCached)} hit, ${formatCount(result.listingsParsed)} miss; ${venueYears(result.venueYearsReused)} reused, ${formatCount(result.venueYearsRendered)} rendered; ${formatCount(result.unchangedFiles)} of ${formatCount(result.outputFiles)} files unchanged`
    : ''
  return `Built ${formatCount(result.papers)} papers (${venueYears(result.venueYears)}) → ${formatCount(result.listingPages)} listing pages, ${formatCount(result.paperPages)} paper pages, index ${mb(result.indexBytes)}, ${mb(result.outputBytes)} in ${out}/ in ${seconds.toFixed(1)} s${cache}`
}
