import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { VFile } from 'vfile'
import { expectedVenueYear } from '../../src/build/load-listing.ts'
import type { Paper } from '../../src/paper.ts'
import { decodeListing } from '../../src/parse/decode.ts'
import { scanListing } from '../../src/parse/scan-listing.ts'

/** Root of the repository. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

/** Folder of the parser fixtures; a fixture's path below it plays the listing's place in `content/`. */
export const parseFixtureRoot = join(repoRoot, 'tests', 'fixtures', 'parse')

/** One diagnostic as the fixtures record it. */
export interface FixtureMessage {
  line: number
  column: number
  severity: 'error' | 'warning'
  rule: string
  reason: string
}

/** What parsing one listing yields: the spec each `<name>.json` fixture holds. */
export interface ParseResult {
  papers: Paper[]
  messages: FixtureMessage[]
}

/** Every `*.md` below `dir`, as `/`-separated paths relative to it, sorted. */
export function listMarkdown(dir: string): string[] {
  const out: string[] = []
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile() && entry.name.endsWith('.md')) out.push(relative(dir, path).split(sep).join('/'))
    }
  }
  walk(dir)
  return out.sort()
}

/** Plain diagnostics of a vfile, in the order they were reported. */
export function messagesOf(file: VFile): FixtureMessage[] {
  return file.messages.map((m) => ({
    line: m.line ?? 0,
    column: m.column ?? 0,
    severity: m.fatal ? 'error' : 'warning',
    rule: m.ruleId ?? '',
    reason: m.reason,
  }))
}

/**
 * What the build does with one listing file (see `loadListing`): decode the bytes, then scan
 * the text, expecting the venue and year that `source` (the path in `content/`) implies.
 */
export function parseListingBytes(bytes: Uint8Array, source: string): { file: VFile; text: string; papers: Paper[] } {
  const file = new VFile({ path: source })
  const text = decodeListing(bytes, file)
  const papers = scanListing(text, file, { source, expected: expectedVenueYear(source) })
  return { file, text, papers }
}

/** Parse the fixture at `source` (relative to the fixture root). */
export function parseFixture(source: string): ParseResult & { text: string } {
  const { file, text, papers } = parseListingBytes(readFileSync(join(parseFixtureRoot, source)), source)
  return { papers, messages: messagesOf(file), text }
}
