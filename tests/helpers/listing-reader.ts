/**
 * An independent reader of listing files for tests: a few regular expressions over the
 * documented record format, sharing no code with the project's scanner, so that comparing the
 * two checks both.
 *
 * ```
 * ## [N] Title
 * **Authors**: *a, b*
 * **Conference**: *iclr 2021*
 * **URL**: [u](u)
 * **Abstract**:
 * …paragraphs…
 * ----
 * ```
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

export interface SourceRecord {
  /** Listing file, relative to the content folder, `/`-separated. */
  file: string
  /** 1-based line of the heading. */
  line: number
  index: number
  title: string
  authors: string[]
  /** `iclr 2021` as written (emphasis removed). */
  conference: string
  venue: string
  year: number
  url: string
  abstract: string
}

/**
 * The one change the format allows between source and output: control characters are dropped,
 * except backspace and form feed, which are the remains of `\b`/`\f` in LaTeX written through a
 * JSON string (`\beta`, `\frac`) and are written back as those two characters.
 */
export function withoutControlCharacters(value: string): string {
  return value.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => (c === '\b' ? '\\b' : c === '\f' ? '\\f' : ''))
}

/** Collapse white space, for comparing text whose line breaks and indentation may differ. */
export function normalizeSpace(value: string): string {
  return value.replace(/\s+/g, ' ').trim()
}

const heading = /^## \[(\d+)\] (.*)$/
const field = /^\*\*(Authors|Conference|URL|Abstract)\*\*:\s*(.*)$/

export function readListing(text: string, file: string): SourceRecord[] {
  const lines = withoutControlCharacters(text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '')).split('\n')
  const records: SourceRecord[] = []
  let current: { line: number; index: number; title: string; fields: Map<string, string>; abstract: string[] | undefined } | undefined
  const finish = () => {
    if (!current) return
    const { fields } = current
    const unwrap = (value: string) => value.replace(/^\*(.*)\*$/, '$1')
    const conference = unwrap(fields.get('Conference') ?? '').trim()
    const [, venue = '', year = '0'] = /^(.*)\s+(\d{4})$/.exec(conference) ?? []
    const urlField = (fields.get('URL') ?? '').trim()
    records.push({
      file,
      line: current.line,
      index: current.index,
      title: current.title.trim(),
      authors: unwrap(fields.get('Authors') ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== ''),
      conference,
      venue: venue.toLowerCase(),
      year: Number(year),
      // `[u](u)`, `<u>` or the bare URL.
      url: (/^\[.*\]\((.*)\)$/.exec(urlField) ?? /^<(.*)>$/.exec(urlField))?.[1]?.trim() ?? urlField,
      abstract: (current.abstract ?? []).join('\n').trim(),
    })
    current = undefined
  }
  lines.forEach((line, i) => {
    const h = heading.exec(line)
    if (h) {
      finish()
      current = { line: i + 1, index: Number(h[1]), title: h[2] ?? '', fields: new Map(), abstract: undefined }
      return
    }
    if (!current) return
    if (/^-{4,}\s*$/.test(line)) {
      finish()
      return
    }
    if (current.abstract) {
      current.abstract.push(line)
      return
    }
    const f = field.exec(line)
    if (!f) return
    const name = f[1] as string
    if (name === 'Abstract') current.abstract = f[2] ? [f[2]] : []
    else current.fields.set(name, f[2] ?? '')
  })
  finish()
  return records
}

/** Every record of every listing (`*.md` but README/index files) under `contentDir`. */
export function readContent(contentDir: string): SourceRecord[] {
  return readdirSync(contentDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md') && !/^(readme|index)\.md$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .flatMap((path) => readListing(readFileSync(path, 'utf8'), relative(contentDir, path).split(sep).join('/')))
}
