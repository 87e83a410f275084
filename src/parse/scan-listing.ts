import type { VFile } from 'vfile'
import type { Paper } from '../paper.ts'
import { venueSlug } from '../site/slug.ts'

/** Venue and year implied by where a listing sits (`ICLR/2021/…` or `ICLR-2021-list01.md`). */
export interface ExpectedVenueYear {
  venue: string
  year: number
}

export interface ScanOptions {
  /** The listing's path relative to the content folder, recorded in each paper's `source`. */
  source: string
  /** Venue and year the file's place implies; a **Conference** field that disagrees is an error. */
  expected?: ExpectedVenueYear | undefined
}

type FieldName = 'authors' | 'conference' | 'url' | 'abstract'
const requiredFields: FieldName[] = ['authors', 'conference', 'url', 'abstract']
const fieldLabel: Record<FieldName, string> = {
  authors: 'Authors',
  conference: 'Conference',
  url: 'URL',
  abstract: 'Abstract',
}

/**
 * A line that starts like a level-2 heading starts a record, whatever follows (a bad one such as
 * `##13 Title` is reported, not skipped or read as text). `###` and deeper are markdown.
 */
const recordStart = /^ {0,8}##(?!#)/
// The text after a heading or label is taken whole (`s`: U+2028 and U+2029 are text too) and its
// trailing blanks are cut by `trimBlanksEnd`: `(.*?)[ \t]*$` backtracks quadratically on a long
// run of blanks inside the text (80,000 spaces took seconds).
const recordHeading = /^( {0,8})##[ \t]+\[[ \t]*(\d{1,9})[ \t]*\][ \t]*(.*)$/s
const separator = /^[ \t]*-{3,}[ \t]*$/
const fieldLine = /^[ \t]*\*\*(authors|conference|url|abstract)(?:\*\*[ \t]*:|:[ \t]*\*\*)[ \t]*(.*)$/dis
const navigationLine = /^[ \t]*\[Go to the (?:previous page|next page|catalog section)\]\([^)]*\)[ \t]*$/i
const blank = /^[ \t]*$/
// C0 controls but tab and newline, DEL and C1 controls cannot appear in HTML text.
const controlCharacter = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g

/**
 * Find the records of one listing file with a line scanner.
 *
 * The record structure is fixed by the listing format, so a scanner finds it in a fraction of
 * the time a markdown parse takes; the markdown inside fields is parsed later. Problems are
 * reported as messages on `file`; records with an error are not returned (the error names them).
 */
export function scanListing(text: string, file: VFile, options: ScanOptions): Paper[] {
  const lines = text.split('\n')
  const papers: Paper[] = []
  const { source: path, expected } = options
  let i = 0
  let strayStart = -1

  const flushStray = () => {
    if (strayStart >= 0) {
      warn(file, `Unexpected text outside of a record, expected a \`## [N] Title\` heading`, strayStart + 1, column(lines[strayStart] as string), 'stray-text')
      strayStart = -1
    }
  }

  while (i < lines.length) {
    const line = lines[i] as string
    if (recordStart.test(line)) {
      flushStray()
      let end = i + 1
      while (end < lines.length && !recordStart.test(lines[end] as string) && !separator.test(lines[end] as string)) end++
      const closed = end < lines.length && separator.test(lines[end] as string)
      if (!closed && end < lines.length) {
        warn(file, 'Unexpected heading before `----`, expected the record to end with `----`', end + 1, column(lines[end] as string), 'missing-separator')
      }
      const paper = scanRecord(lines, i, end, file, path, expected)
      if (paper) papers.push(paper)
      i = closed ? end + 1 : end
      continue
    }
    if (blank.test(line) || separator.test(line) || navigationLine.test(line)) {
      flushStray()
    } else if (strayStart < 0) {
      strayStart = i
    }
    i++
  }
  flushStray()
  return papers
}

function scanRecord(lines: string[], start: number, end: number, file: VFile, path: string, expected: ExpectedVenueYear | undefined): Paper | undefined {
  const headingLine = lines[start] as string
  const heading = recordHeading.exec(headingLine)
  const line = start + 1
  if (!heading) {
    fail(file, 'Unexpected malformed record heading, expected `## [N] Title` with a number N', line, column(headingLine), 'malformed-heading')
    return undefined
  }
  const index = Number(heading[2])
  let ok = true
  const titleText = trimBlanksEnd(heading[3] as string)
  const title = clean(titleText, file, line, headingLine.indexOf(titleText) + 1)
  if (title === '') {
    fail(file, `Unexpected record [${index}] without a title, expected \`## [${index}] Title\``, line, column(headingLine), 'missing-title')
    ok = false
  }

  const values = new Map<FieldName, { value: string; line: number; column: number }>()
  const abstractLines: string[] = []
  let abstractLine = 0
  // Text on the **Abstract** line itself is already trimmed: it must not decide the dedent.
  let abstractInline = false
  let inAbstract = false
  let strayReported = false

  for (let k = start + 1; k < end; k++) {
    const raw = lines[k] as string
    const field = fieldLine.exec(raw)
    const name = field ? ((field[1] as string).toLowerCase() as FieldName) : undefined
    if (field && name && !(inAbstract && values.has(name))) {
      if (values.has(name)) {
        warn(file, `Unexpected second **${fieldLabel[name]}** field in record [${index}], expected one`, k + 1, column(raw), 'duplicate-field')
        continue
      }
      // Trailing blanks are not part of the value, so its column comes from where the match starts.
      const valueColumn = (field.indices?.[2]?.[0] ?? 0) + 1
      const value = clean(trimBlanksEnd(field[2] as string), file, k + 1, valueColumn)
      values.set(name, { value, line: k + 1, column: valueColumn })
      inAbstract = name === 'abstract'
      if (inAbstract) {
        abstractLine = k + 1
        abstractInline = value !== ''
        if (abstractInline) abstractLines.push(value)
      }
      continue
    }
    if (inAbstract) {
      abstractLines.push(clean(raw, file, k + 1, 1))
    } else if (!blank.test(raw) && !strayReported) {
      warn(file, `Unexpected text in record [${index}], expected a field such as **Authors**`, k + 1, column(raw), 'stray-text')
      strayReported = true
    }
  }

  for (const name of requiredFields) {
    if (!values.has(name)) {
      fail(
        file,
        `Unexpected record [${index}] without ${name === 'url' ? 'a URL' : name}, expected **${fieldLabel[name]}**`,
        line,
        column(headingLine),
        'missing-field',
      )
      ok = false
    }
  }

  const authors = parseAuthors(values.get('authors')?.value ?? '')
  const authorsField = values.get('authors')
  if (authorsField && authors.length === 0) {
    warn(file, `Unexpected empty author list in record [${index}], expected names separated by commas`, authorsField.line, authorsField.column, 'empty-authors')
  }

  let venue = ''
  let year = 0
  const conference = values.get('conference')
  if (conference) {
    const parsed = parseConference(conference.value)
    if (!parsed) {
      fail(
        file,
        `Unexpected conference \`${conference.value}\` in record [${index}], expected a venue and a year such as \`iclr 2021\``,
        conference.line,
        conference.column,
        'invalid-conference',
      )
      ok = false
    } else {
      venue = parsed.venue
      year = parsed.year
      if (expected && (expected.venue !== venue || expected.year !== year)) {
        fail(
          file,
          `Unexpected conference \`${conference.value}\` in record [${index}], expected \`${expected.venue} ${expected.year}\` as the file's folder says`,
          conference.line,
          conference.column,
          'conference-mismatch',
        )
        ok = false
      }
    }
  }

  const urlField = values.get('url')
  const url = parseUrl(urlField?.value ?? '')
  if (urlField && url === '') {
    warn(file, `Unexpected empty URL in record [${index}], expected a link to the paper`, urlField.line, urlField.column, 'empty-url')
  }

  const abstract = dedent(abstractLines, abstractInline)
  if (values.has('abstract') && abstract === '') {
    warn(file, `Unexpected empty abstract in record [${index}], expected the abstract after **Abstract**`, abstractLine, 1, 'empty-abstract')
  }

  if (!ok) return undefined
  return {
    id: `${venue}-${year}-${index}`,
    venue,
    year,
    index,
    title: detached(title),
    authors: authors.map(detached),
    url: detached(url),
    abstract: detached(abstract),
    source: { file: path, line },
  }
}

/**
 * The same text in a string of its own. A field cut from the listing is, in V8, a view into the
 * whole file's text and keeps all of it alive; a build of 250,000 papers holds every title and
 * author name long after the abstracts, and so the files' text, could have gone. Concatenation
 * makes a string V8 copies into a flat one when it is sliced.
 */
function detached(value: string): string {
  return ` ${value}`.slice(1)
}

function parseAuthors(value: string): string[] {
  return unwrapEmphasis(value)
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
}

/**
 * `iclr 2021` → venue `iclr`, year 2021: the last word is the year, four digits without a
 * leading zero, after a space or tab.
 */
export function parseConference(value: string): ExpectedVenueYear | undefined {
  const text = unwrapEmphasis(value).trim()
  const match = /[ \t]([1-9]\d{3})$/.exec(text)
  if (!match) return undefined
  const venue = venueSlug(trimBlanksEnd(text.slice(0, match.index)))
  if (venue === '') return undefined
  return { venue, year: Number(match[1]) }
}

/** `value` without trailing spaces and tabs, in linear time (a `/[ \t]+$/` scan is quadratic). */
function trimBlanksEnd(value: string): string {
  let end = value.length
  while (end > 0 && (value.charCodeAt(end - 1) === 0x20 || value.charCodeAt(end - 1) === 0x09)) end--
  return end === value.length ? value : value.slice(0, end)
}

function parseUrl(value: string): string {
  // `[text](url)`: the destination runs to the last `)`, so URLs with parentheses survive.
  const link = /^\[[^\]]*\]\(\s*(?:<([^>]*)>|(\S*))\s*\)$/.exec(value)
  if (link) return (link[1] ?? link[2]) as string
  const auto = /^<([^>]*)>$/.exec(value)
  if (auto) return (auto[1] as string).trim()
  return value.trim()
}

/** `*a, b*` → `a, b`: the listing wraps authors and conference in emphasis. */
function unwrapEmphasis(value: string): string {
  const match = /^([*_])(.*)\1$/s.exec(value.trim())
  return match ? (match[2] as string) : value.trim() === '**' ? '' : value
}

/**
 * Remove the indentation that all non-blank lines share, and blank lines around the text.
 * With `firstTrimmed`, the first line (text that followed the field label) is taken as it is
 * and does not count towards the shared indentation.
 */
function dedent(lines: string[], firstTrimmed = false): string {
  let first = 0
  let last = lines.length
  while (first < last && blank.test(lines[first] as string)) first++
  while (last > first && blank.test(lines[last - 1] as string)) last--
  const body = lines.slice(first, last)
  let indent = Number.POSITIVE_INFINITY
  const keepFirst = firstTrimmed && first === 0
  for (let k = keepFirst ? 1 : 0; k < body.length; k++) {
    const l = body[k] as string
    if (!blank.test(l)) indent = Math.min(indent, /^ */.exec(l)?.[0].length ?? 0)
  }
  if (!Number.isFinite(indent)) indent = 0
  return body.map((l, k) => (blank.test(l) ? '' : keepFirst && k === 0 ? l : l.slice(indent))).join('\n')
}

/**
 * Remove control characters, reporting each line that had some. Backspace and form feed are
 * the remains of `\b` and `\f` in LaTeX (`\beta`, `\frac`) written through a JSON string, so
 * they are restored; anything else is dropped.
 */
function clean(value: string, file: VFile, line: number, startColumn: number): string {
  controlCharacter.lastIndex = 0
  const found = controlCharacter.exec(value)
  if (!found) return value
  const code = (found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')
  warn(file, `Unexpected control character U+${code}, expected printable text`, line, startColumn + found.index, 'control-character')
  return value.replace(controlCharacter, (c) => (c === '\b' ? '\\b' : c === '\f' ? '\\f' : ''))
}

function column(line: string): number {
  return (/^[ \t]*/.exec(line)?.[0].length ?? 0) + 1
}

function warn(file: VFile, reason: string, line: number, col: number, ruleId: string): void {
  file.message(reason, { place: { line, column: col }, ruleId, source: 'papershelf' })
}

function fail(file: VFile, reason: string, line: number, col: number, ruleId: string): void {
  file.message(reason, { place: { line, column: col }, ruleId, source: 'papershelf' }).fatal = true
}
