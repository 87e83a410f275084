/**
 * Generators of hostile listing files and the checks every parse must pass, shared by the
 * fuzz tests (`tests/fuzz/parser.fuzz.test.ts`) and the long run (`scripts/fuzz-long.ts`).
 *
 * A listing starts as valid records rendered the way a generator writes them; then its lines
 * are mutated (deleted, duplicated, reordered, corrupted, indented, replaced by structure-like
 * lines or very long ones), joined with LF, CRLF or lone CR, and finally its bytes are damaged
 * (invalid UTF-8, encoded lone surrogates, BOMs, NULs).
 */
import fc from 'fast-check'
import { VFile } from 'vfile'
import { expectedVenueYear } from '../../src/build/load-listing.ts'
import type { Paper } from '../../src/paper.ts'
import { decodeListing } from '../../src/parse/decode.ts'
import { scanListing } from '../../src/parse/scan-listing.ts'

/** The line that starts a record, exactly as the scanner defines it. */
export const recordStartLine = /^ {0,8}##(?!#)/

/** Markdown that is easy to leave open, and payloads a sanitizer must defuse. */
export const hazards = [
  '*',
  '**',
  '_',
  '__',
  '`',
  '``',
  '```',
  '~~~',
  '$',
  '$$',
  '\\',
  '\\$',
  '[',
  '](',
  '![',
  '<',
  '>',
  '&',
  '&amp',
  '&#x',
  '|',
  '<!--',
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//x.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<iframe src="data:text/html,<script>alert(1)</script>">',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](  javascript:alert(1) )',
  '[click](jav&#x61;script:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD4=)',
  '![img](data:image/svg+xml,<svg onload=alert(1)>)',
  '![img](javascript:alert(1))',
  '<javascript:alert(1)>',
  '<data:text/html,x>',
  '[ref]\n\n[ref]: javascript:alert(1)',
  '$\\href{javascript:alert(1)}{x}$',
  '$\\url{javascript:alert(1)}$',
  '$x$ <b onmouseover=alert(1)>b</b>',
  '<div style="background:url(javascript:alert(1))">',
  '<form action=javascript:alert(1)><button>x</button></form>',
  '<object data="data:text/html,x"></object>',
  ' onclick=alert(1) ',
]

const letters = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789']
const unicode = ['é', 'ü', 'ß', 'λ', 'Ω', '中', '🎉', '\u00a0', '\u200b', '\u2028', '\u202e', '\ufeff']
const controls = ['\u0000', '\u0001', '\u0007', '\b', '\u000b', '\f', '\u001b', '\u007f', '\u0085', '\u009b']
/** Lone surrogates as JavaScript strings (encoded to EF BF BD by `TextEncoder`). */
const loneSurrogates = ['\ud800', '\udbff', '\udc00', '\udfff']

const textUnit = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...letters) },
  { weight: 8, arbitrary: fc.constant(' ') },
  { weight: 4, arbitrary: fc.constantFrom(...hazards) },
  { weight: 2, arbitrary: fc.constantFrom(...unicode) },
  { weight: 1, arbitrary: fc.constantFrom(...controls, ...loneSurrogates, '\t') },
)
const text = (maxLength: number) => fc.string({ unit: textUnit, minLength: 1, maxLength })

/** Venue spellings a **Conference** field might carry, and the folder that goes with each. */
const venues = ['ICLR', 'NIPS', 'ICML', 'ACL', 'Neur IPS', 'a.b']

export interface GeneratedListing {
  /** The listing's path in `content/` (decides the venue and year it must declare). */
  source: string
  lines: string[]
}

const record = (index: number, conference: string) =>
  fc
    .record({
      // A title starts with a letter: the valid listing has no record without a title.
      title: fc.tuple(fc.constantFrom(...letters), text(60)).map(([first, rest]) => first + rest),
      authors: fc.array(text(20), { minLength: 0, maxLength: 6 }),
      emphasis: fc.constantFrom('*', '_', ''),
      url: fc.oneof(
        fc.string({ unit: fc.constantFrom(...letters, '-', '_'), maxLength: 12 }).map((id) => `https://openreview.net/forum?id=${id}`),
        fc.constantFrom('javascript:alert(1)', 'data:text/html,x', '', '<https://a.example/>', 'https://a.example/(x)'),
      ),
      abstract: fc.array(text(80), { minLength: 0, maxLength: 6 }),
      abstractInline: fc.boolean(),
      abstractIndent: fc.integer({ min: 0, max: 6 }),
    })
    .map((r) => {
      const lines = [
        `## [${index}] ${r.title}`,
        '',
        `**Authors**: ${r.emphasis}${r.authors.join(', ')}${r.emphasis}`,
        '',
        `**Conference**: *${conference}*`,
        '',
      ]
      lines.push(`**URL**: [${r.url}](${r.url})`, '')
      const body = r.abstract.flatMap((l) => l.split('\n')).map((l) => ' '.repeat(r.abstractIndent) + l)
      if (r.abstractInline && body.length > 0) lines.push(`**Abstract**: ${body[0]}`, ...body.slice(1))
      else lines.push('**Abstract**:', '', ...body)
      lines.push('', '----', '')
      return lines
    })

/** Valid-looking listings: 1-6 records of one venue-year, at a place that implies it (or not). */
export const validListing: fc.Arbitrary<GeneratedListing> = fc
  .record({
    venue: fc.constantFrom(...venues),
    year: fc.integer({ min: 1987, max: 2035 }),
    place: fc.constantFrom('folders', 'file-name', 'misc'),
    indices: fc.uniqueArray(fc.integer({ min: 0, max: 999_999_999 }), { minLength: 1, maxLength: 6 }),
  })
  .chain(({ venue, year, place, indices }) => {
    const folder = venue.replace(/[^A-Za-z0-9]/g, '') || 'X'
    const source =
      place === 'folders' ? `${folder}/${year}/${folder}-${year}-list01.md` : place === 'file-name' ? `${folder}-${year}-list01.md` : 'misc/listing.md'
    const conference = `${place === 'misc' ? venue : folder.toLowerCase()} ${year}`
    return fc.tuple(...indices.map((index) => record(index, conference))).map((records) => ({ source, lines: records.flat() }))
  })

/** Lines that look like listing structure, or like a broken piece of it. */
const structureLines = [
  '##',
  '## ',
  '##[1] x',
  '## [1]',
  '## [1]   ',
  '## [] T',
  '## [abc] T',
  '## [1234567890] T',
  '## [-1] T',
  '## [1.5] T',
  '## [ 7 ] Spaced index',
  ' ## [2] One space',
  '\t## [3] Tab',
  '        ## [4] Eight spaces',
  '         ## [5] Nine spaces',
  '### [6] Three hashes',
  '## [7] \u0000',
  '## [8] \u200b',
  '---',
  '----',
  ' ---- ',
  '- - -',
  '**Authors**:',
  '**Authors**: **',
  '**Conference**: *iclr*',
  '**Conference**: *iclr 0000*',
  '**Conference**: *iclr 12021*',
  '**Conference**: *../../etc 2021*',
  '**Conference**: *!!! 2021*',
  '**URL**:',
  '**Abstract**:',
  '**abstract:** lower case',
  '**Abstract**:```',
  '```',
  '$$',
  '[Go to the next page](x.md)',
  '',
]

/** A line made long by repeating one unit, optionally after a structural prefix. */
const longLine = fc
  .record({
    prefix: fc.constantFrom('', '## [1] ', '## [1] a', '**URL**: ', '**Conference**: a', '**Abstract**: ', '**Authors**: *'),
    unit: fc.constantFrom(' ', '\t', ' \t', 'a', 'a ', '*', '_', '`', '$', '#', '-', '[', '<', 'é', '\u0000', '\ud800'),
    count: fc.integer({ min: 1_000, max: 120_000 }),
    suffix: fc.constantFrom('', 'b', ' 2021', '*', '   '),
  })
  .map(({ prefix, unit, count, suffix }) => prefix + unit.repeat(Math.ceil(count / unit.length)) + suffix)

/** Where in a sequence an operation applies: a fraction, so it fits a sequence of any length. */
const at = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })
const place = (fraction: number, length: number) => Math.floor(fraction * length)

export type LineMutation =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'move'; from: number; to: number; count: number }
  | { kind: 'corrupt'; at: number; pos: number; insert: string }
  | { kind: 'indent'; at: number; prefix: string }
  | { kind: 'insert'; at: number; line: string }
  | { kind: 'long'; at: number; line: string }
  | { kind: 'truncate'; at: number }

const corruption = fc.oneof(
  fc.constantFrom(...hazards),
  fc.constantFrom(...controls, ...loneSurrogates, ...unicode, '\r', '\n', '\r\n', '##', '\ufeff## [9] BOM heading'),
  text(10),
)

export const lineMutation: fc.Arbitrary<LineMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('swap' as const), a: at, b: at }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), from: at, to: at, count: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('corrupt' as const), at, pos: at, insert: corruption }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('indent' as const),
      at,
      prefix: fc.oneof(
        fc.integer({ min: 1, max: 12 }).map((n) => ' '.repeat(n)),
        fc.string({ unit: fc.constantFrom(' ', '\t'), minLength: 1, maxLength: 6 }),
      ),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), at, line: fc.constantFrom(...structureLines) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('long' as const), at, line: longLine }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }) },
)

export function applyLineMutation(lines: string[], m: LineMutation): string[] {
  const out = [...lines]
  const n = out.length
  switch (m.kind) {
    case 'delete':
      if (n > 0) out.splice(place(m.at, n), 1)
      return out
    case 'duplicate':
      if (n > 0) out.splice(place(m.at, n), 0, out[place(m.at, n)] as string)
      return out
    case 'swap': {
      if (n === 0) return out
      const a = place(m.a, n)
      const b = place(m.b, n)
      ;[out[a], out[b]] = [out[b] as string, out[a] as string]
      return out
    }
    case 'move': {
      const block = out.splice(place(m.from, n), m.count)
      out.splice(place(m.to, out.length + 1), 0, ...block)
      return out
    }
    case 'corrupt': {
      if (n === 0) return [m.insert]
      const k = place(m.at, n)
      const line = out[k] as string
      const pos = place(m.pos, line.length + 1)
      out[k] = line.slice(0, pos) + m.insert + line.slice(pos)
      return out
    }
    case 'indent':
      if (n > 0) out[place(m.at, n)] = m.prefix + out[place(m.at, n)]
      return out
    case 'insert':
      out.splice(place(m.at, n + 1), 0, m.line)
      return out
    case 'long':
      out.splice(place(m.at, n + 1), 0, m.line)
      return out
    case 'truncate':
      return out.slice(0, place(m.at, n + 1))
  }
}

/** Damage done to the encoded bytes. */
export interface ByteMutation {
  at: number
  bytes: number[]
}

const badBytes: number[][] = [
  [0xff],
  [0xfe],
  [0x80],
  [0xbf],
  [0xc0, 0x80], // overlong NUL
  [0xc1, 0xbf],
  [0xe0, 0x80, 0x80], // overlong
  [0xed, 0xa0, 0x80], // lone high surrogate U+D800
  [0xed, 0xaf, 0xbf], // U+DBFF
  [0xed, 0xb0, 0x80], // lone low surrogate U+DC00
  [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80], // CESU-8 surrogate pair
  [0xf0, 0x9f], // truncated 4-byte sequence
  [0xe2, 0x82], // truncated 3-byte sequence
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xf5, 0x80, 0x80, 0x80],
  [0xef, 0xbb, 0xbf], // a BOM, mid-file
  [0x00],
  [0x0d],
  [0x1b, 0x5b, 0x33, 0x31, 0x6d], // ANSI escape
]

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.record({ at, bytes: fc.constantFrom(...badBytes) })

export interface FuzzInput {
  source: string
  bytes: Uint8Array
}

export type LineEnding = 'lf' | 'crlf' | 'cr' | 'mixed'

/** Join lines and encode them, then damage the bytes. */
export function render(lines: string[], ending: LineEnding, endings: number[], bom: boolean, byteMutations: ByteMutation[]): Uint8Array {
  const eols = ['\n', '\r\n', '\r']
  let text = ''
  lines.forEach((line, k) => {
    const eol =
      ending === 'lf' ? '\n' : ending === 'crlf' ? '\r\n' : ending === 'cr' ? '\r' : (eols[(endings[k % Math.max(endings.length, 1)] ?? 0) % 3] as string)
    text += line + eol
  })
  let bytes = new TextEncoder().encode(bom ? `\ufeff${text}` : text)
  for (const m of byteMutations) {
    const k = place(m.at, bytes.length + 1)
    const next = new Uint8Array(bytes.length + m.bytes.length)
    next.set(bytes.subarray(0, k), 0)
    next.set(m.bytes, k)
    next.set(bytes.subarray(k), k + m.bytes.length)
    bytes = next
  }
  return bytes
}

/** A hostile listing: a valid one, mutated line by line, joined, encoded and damaged. */
export const hostileListing: fc.Arbitrary<FuzzInput> = fc
  .record({
    listing: validListing,
    lineMutations: fc.array(lineMutation, { maxLength: 8 }),
    ending: fc.constantFrom<LineEnding>('lf', 'lf', 'crlf', 'cr', 'mixed'),
    endings: fc.array(fc.nat(2), { minLength: 1, maxLength: 16 }),
    bom: fc.boolean(),
    byteMutations: fc.oneof(
      { weight: 3, arbitrary: fc.constant<ByteMutation[]>([]) },
      { weight: 1, arbitrary: fc.array(byteMutation, { minLength: 1, maxLength: 3 }) },
    ),
  })
  .map(({ listing, lineMutations, ending, endings, bom, byteMutations }) => {
    const lines = lineMutations.reduce(applyLineMutation, listing.lines)
    return { source: listing.source, bytes: render(lines, ending, endings, bom, byteMutations) }
  })

export interface ParseOutcome {
  /** What the parse threw, if it did. */
  error?: unknown
  /** Milliseconds the decode and scan took. */
  ms: number
  /** Record headings that became neither a paper nor an error (nothing-lost violations). */
  lost: string[]
  /** Any other broken invariant (paper fields, message places). */
  violations: string[]
  papers: Paper[]
  file: VFile
  text: string
}

const controlCharacter = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/

/**
 * Decode and scan `bytes` as the build does, and check what came out:
 * - nothing lost: every line of the decoded text that starts a record (`/^ {0,8}##(?!#)/`)
 *   becomes a paper whose `source.line` is that line, or has an error (a fatal message other
 *   than the file-wide invalid UTF-8 one) between that line and the next record start;
 * - each paper: a non-empty title, a safe integer index, a venue of `[a-z0-9-]`, a four-digit
 *   year, the id they make, its file, no control characters in its text;
 * - each message: a line and column inside the file.
 */
export function checkListing(bytes: Uint8Array, source: string): ParseOutcome {
  const file = new VFile({ path: source })
  let text = ''
  let papers: Paper[] = []
  const started = performance.now()
  try {
    text = decodeListing(bytes, file)
    papers = scanListing(text, file, { source, expected: expectedVenueYear(source) })
  } catch (error) {
    return { error, ms: performance.now() - started, lost: [], violations: [], papers, file, text }
  }
  const ms = performance.now() - started
  const lost: string[] = []
  const violations: string[] = []
  const lines = text.split('\n')

  const starts: number[] = []
  lines.forEach((line, k) => {
    if (recordStartLine.test(line)) starts.push(k + 1)
  })
  const paperLines = new Map<number, number>()
  for (const paper of papers) paperLines.set(paper.source.line, (paperLines.get(paper.source.line) ?? 0) + 1)
  const errorLines = file.messages
    .filter((m) => m.fatal === true && m.ruleId !== 'invalid-utf8')
    .map((m) => m.line ?? 0)
    .sort((a, b) => a - b)
  let e = 0
  starts.forEach((line, k) => {
    const next = starts[k + 1] ?? lines.length + 1
    while (e < errorLines.length && (errorLines[e] as number) < line) e++
    if (paperLines.has(line)) return
    if (e < errorLines.length && (errorLines[e] as number) < next) return
    lost.push(`record at line ${line} (${JSON.stringify(clip(lines[line - 1] as string))}) became neither a paper nor an error`)
  })
  const startSet = new Set(starts)
  for (const [line, count] of paperLines) {
    if (!startSet.has(line)) violations.push(`a paper's source line ${line} is not a record heading`)
    if (count > 1) violations.push(`${count} papers from the heading at line ${line}`)
  }

  for (const p of papers) {
    const where = `paper at line ${p.source.line}`
    if (p.title === '') violations.push(`${where}: empty title`)
    if (!Number.isSafeInteger(p.index) || p.index < 0) violations.push(`${where}: index ${p.index}`)
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(p.venue)) violations.push(`${where}: venue ${JSON.stringify(clip(p.venue))}`)
    if (!/^\d{4}$/.test(String(p.year))) violations.push(`${where}: year ${p.year}`)
    if (p.id !== `${p.venue}-${p.year}-${p.index}`) violations.push(`${where}: id ${p.id}`)
    if (p.source.file !== source) violations.push(`${where}: source file ${p.source.file}`)
    for (const [name, value] of [['title', p.title], ['abstract', p.abstract], ['url', p.url], ...p.authors.map((a) => ['author', a])] as const) {
      if (controlCharacter.test(value)) violations.push(`${where}: control character in ${name}`)
    }
    if (p.authors.some((a) => a.trim() === '' || a !== a.trim())) violations.push(`${where}: blank or untrimmed author`)
  }

  for (const m of file.messages) {
    const line = m.line ?? 0
    const column = m.column ?? 0
    const length = (lines[line - 1] ?? '').length
    if (line < 1 || line > lines.length || column < 1 || column > length + 1) {
      violations.push(`message ${m.ruleId} at ${line}:${column} is outside the file (${lines.length} lines, that one ${length} long)`)
    }
    if (!m.ruleId) violations.push(`message without a rule id: ${m.reason}`)
  }
  return { ms, lost, violations, papers, file, text }
}

function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value
}

/** A short description of an input for reports: its source and size, and its first bytes. */
export function describeInput(input: FuzzInput): string {
  const head = new TextDecoder().decode(input.bytes.subarray(0, 200))
  return `${input.source}, ${input.bytes.length} bytes: ${JSON.stringify(head)}…`
}
