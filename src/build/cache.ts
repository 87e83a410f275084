import { createHash } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { packageRoot } from '../package-root.ts'
import type { Paper } from '../paper.ts'
import type { VenueYearPostings } from '../search/index-venue-year.ts'
import type { Renders } from './jobs.ts'
import type { SiteFileDiff, SiteFileList } from './output.ts'

/** A diagnostic as stored in the cache. */
export interface CachedMessage {
  reason: string
  line: number
  column: number
  ruleId: string
  fatal: boolean
}

/** What parsing one listing file produced. */
export interface CachedListing {
  papers: Paper[]
  messages: CachedMessage[]
}

/** A venue-year's search postings, with what else the build needs to reuse its output. */
export interface CachedUnit {
  postings: VenueYearPostings
  docsHash: string
  pages: number
  /** Title HTML of each paper, for author pages. */
  titles: string[]
}

/** What the previous build into an output folder was made of. */
export interface BuildState {
  /** Unit hash of each venue-year. */
  units: Record<string, string>
  /** Hash of everything the search index depends on. */
  index: string
  /** Hash of what each author page shows, by slug. */
  authors?: Record<string, string>
  /** Hash of everything author pages show: equal, and every author page is as it was. */
  authorsKey?: string
  /** Hash of everything the whole site depends on. */
  site: string
  /** Pages of each kind the site had. */
  pages: { listingPages: number; paperPages: number; authorPages: number; pages: number }
  /** Bytes of the site's files, and of its search index. */
  bytes: number
  indexBytes: number
  /** `folderStamp` of the output folder this describes: another build's folder, or one changed since, is not it. */
  stamp: string
  /** Every file of the site. */
  manifest: SiteFileList
  /**
   * The spare copy beside it (the site before), if there is one: its folder's stamp, and its
   * files as they differ from `manifest` (most are the same files: the spare is made of links).
   */
  spare?: { stamp: string } & SiteFileDiff
}

export function sha256(...parts: (string | Uint8Array)[]): string {
  return sha256Of(parts)
}

/** `sha256` of parts taken one at a time: a large input is never all in memory at once. */
export function sha256Of(parts: Iterable<string | Uint8Array>): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\0')
  return hash.digest('hex')
}

/**
 * Hash of papershelf's own code and version: a different papershelf (or an edited template)
 * must not reuse anything built by another. The front end (`src/client/`) is left out: it
 * reaches the site only through the bundle, whose file names are part of every page's key, so
 * an edit to it writes the pages again with the new names but reuses every parse and render.
 */
export function codeKey(): string {
  const hash = createHash('sha256')
  hash.update(readFileSync(join(packageRoot, 'package.json')))
  const client = join(packageRoot, 'src', 'client')
  for (const dir of ['src', 'templates']) {
    const root = join(packageRoot, dir)
    const files = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .filter((file) => !file.startsWith(client + sep))
      .sort()
    for (const file of files) hash.update(relative(packageRoot, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex')
}

/**
 * The cache folder (`.cache/` by default). Every entry is written to a temporary name and
 * renamed into place, so a build killed at any moment leaves only whole entries behind.
 */
export class BuildCache {
  readonly dir: string
  readonly code: string

  constructor(dir: string, code: string = codeKey()) {
    this.dir = dir
    this.code = code
  }

  private write(path: string, content: string | Uint8Array | Iterable<string>): void {
    mkdirSync(join(path, '..'), { recursive: true })
    const temporary = `${path}.${process.pid}.tmp`
    if (typeof content === 'string' || content instanceof Uint8Array) writeFileSync(temporary, content)
    else writePieces(temporary, content)
    renameSync(temporary, path)
  }

  private read(path: string): Buffer | undefined {
    try {
      return readFileSync(path)
    } catch {
      return undefined
    }
  }

  /** Key of a listing file's parse: its place, its bytes and papershelf's code. */
  listingKey(source: string, bytes: Uint8Array): string {
    return sha256(this.code, source, bytes)
  }

  getListing(key: string): CachedListing | undefined {
    const content = this.read(join(this.dir, 'parse', `${key}.json`))
    const listing = content && parseJson<CachedListing>(content)
    return listing && Array.isArray(listing.papers) && Array.isArray(listing.messages) ? listing : undefined
  }

  putListing(key: string, listing: CachedListing): void {
    this.write(join(this.dir, 'parse', `${key}.json`), JSON.stringify(listing))
  }

  /** A cached unit, or `undefined` if there is none or it is damaged (then it is rebuilt). */
  getUnit(hash: string): CachedUnit | undefined {
    const content = this.read(join(this.dir, 'units', `${hash}.bin`))
    if (!content) return undefined
    try {
      return decodeUnit(content)
    } catch {
      return undefined
    }
  }

  putUnit(hash: string, unit: CachedUnit): void {
    this.write(join(this.dir, 'units', `${hash}.bin`), encodeUnit(unit))
  }

  /** A venue-year's renders by this papershelf, kept apart from the unit: only a re-render reads them. */
  getRenders(hash: string): Renders | undefined {
    const content = this.read(join(this.dir, 'renders', `${hash}.json`))
    const entry = content && parseJson<{ code: string } & Renders>(content)
    return entry &&
      entry.code === this.code &&
      Array.isArray(entry.fields) &&
      Array.isArray(entry.paperPages) &&
      Array.isArray(entry.chunks) &&
      Array.isArray(entry.searchKeys)
      ? { fields: entry.fields, paperPages: entry.paperPages, chunks: entry.chunks, searchKeys: entry.searchKeys }
      : undefined
  }

  putRenders(hash: string, renders: Renders): void {
    this.write(join(this.dir, 'renders', `${hash}.json`), JSON.stringify({ code: this.code, ...renders }))
  }

  getState(out: string): BuildState | undefined {
    const content = this.read(join(this.dir, 'state', `${sha256(out).slice(0, 16)}.json`))
    const state = content && parseJson<BuildState>(content)
    if (
      !state ||
      typeof state.units !== 'object' ||
      state.units === null ||
      typeof state.site !== 'string' ||
      typeof state.pages !== 'object' ||
      typeof state.stamp !== 'string' ||
      !Array.isArray(state.manifest)
    ) {
      return undefined
    }
    // A spare described otherwise (by an earlier papershelf) is not trusted: the build makes a new one.
    const spare = state.spare
    const spareKnown = spare !== undefined && typeof spare.stamp === 'string' && Array.isArray(spare.changed) && Array.isArray(spare.missing)
    return spareKnown ? state : { ...state, spare: undefined }
  }

  deleteState(out: string): void {
    rmSync(join(this.dir, 'state', `${sha256(out).slice(0, 16)}.json`), { force: true })
  }

  /**
   * Written in pieces: at 250,000 papers the state is over 100 MB of JSON, which as one string
   * (and its UTF-8 copy) took several times that at the end of the build, and V8 caps the length
   * of a string.
   */
  putState(out: string, state: BuildState): void {
    this.write(join(this.dir, 'state', `${sha256(out).slice(0, 16)}.json`), jsonPieces(state))
  }

  /**
   * Delete the units and renders that no saved build state refers to. A venue-year rendered
   * again leaves its previous entries behind (an abstract edited in a venue-year of 3,540 papers
   * left 18 MB of renders), so without this the cache grows with every edit. Entries that the
   * states of other output folders name (`dev` and `build` sharing one cache) are kept. A build
   * still running elsewhere may lose an entry it just wrote: its next build renders that
   * venue-year again.
   */
  prune(out: string, units: Record<string, string>): void {
    const named = new Set(Object.values(units))
    const own = `${sha256(out).slice(0, 16)}.json`
    for (const name of this.list('state')) {
      if (name === own || !name.endsWith('.json')) continue
      const content = this.read(join(this.dir, 'state', name))
      const other = content && parseJson<BuildState>(content)
      if (other && typeof other.units === 'object' && other.units !== null) for (const hash of Object.values(other.units)) named.add(hash)
    }
    for (const [folder, suffix] of [
      ['units', '.bin'],
      ['renders', '.json'],
    ] as const) {
      for (const name of this.list(folder)) {
        if (name.endsWith(suffix) && !named.has(name.slice(0, -suffix.length))) rmSync(join(this.dir, folder, name), { force: true })
      }
    }
  }

  private list(folder: string): string[] {
    try {
      return readdirSync(join(this.dir, folder))
    } catch {
      return []
    }
  }
}

/** Write text given in pieces, about 1 MB at a time. */
function writePieces(path: string, pieces: Iterable<string>): void {
  const fd = openSync(path, 'w')
  try {
    let pending: string[] = []
    let size = 0
    for (const piece of pieces) {
      pending.push(piece)
      size += piece.length
      if (size >= 1 << 20) {
        writeSync(fd, pending.join(''))
        pending = []
        size = 0
      }
    }
    writeSync(fd, pending.join(''))
  } finally {
    closeSync(fd)
  }
}

/** Items of a large array or object serialised at a time (a small one is serialised whole). */
const piecemeal = 1024

/** `JSON.stringify(value)` as a sequence of pieces, for plain data (no `toJSON`, functions or cycles). */
export function* jsonPieces(value: unknown): Generator<string> {
  if (Array.isArray(value) && value.length > piecemeal) {
    for (let i = 0; i < value.length; i += piecemeal) {
      const items = value.slice(i, i + piecemeal).map((item: unknown) => JSON.stringify(item) ?? 'null')
      yield `${i === 0 ? '[' : ','}${items.join(',')}`
    }
    yield ']'
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    let first = true
    for (const key in value) {
      const item: unknown = (value as Record<string, unknown>)[key]
      if (item === undefined) continue
      yield `${first ? '{' : ','}${JSON.stringify(key)}:`
      first = false
      yield* jsonPieces(item)
    }
    yield first ? '{}' : '}'
  } else yield JSON.stringify(value)
}

/** JSON from a cache file, or `undefined` if it is damaged (a damaged entry is a miss). */
function parseJson<T>(content: Buffer): T | undefined {
  try {
    return JSON.parse(content.toString('utf8')) as T
  } catch {
    return undefined
  }
}

const arrayNames = ['termEntries', 'entryField', 'entryPostings', 'docs', 'tfs', 'lengths', 'fieldLengths'] as const

/** A unit as one binary file: a JSON header (with a checksum of the rest), then the typed arrays' bytes. */
function encodeUnit(unit: CachedUnit): Uint8Array {
  const arrays = arrayNames.map((name) => unit.postings[name])
  const body = Buffer.concat(arrays.map((array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength)))
  const header = Buffer.from(
    JSON.stringify({
      count: unit.postings.count,
      terms: unit.postings.terms,
      docsHash: unit.docsHash,
      pages: unit.pages,
      titles: unit.titles,
      lengths: arrays.map((a) => a.length),
      checksum: sha256(body),
    }),
  )
  return Buffer.concat([new Uint8Array(new Uint32Array([header.byteLength]).buffer), header, body])
}

function decodeUnit(content: Buffer): CachedUnit {
  const headerLength = content.readUInt32LE(0)
  const header = JSON.parse(content.subarray(4, 4 + headerLength).toString('utf8')) as {
    count: number
    terms: string[]
    docsHash: string
    pages: number
    titles: string[]
    lengths: number[]
    checksum: string
  }
  let offset = 4 + headerLength
  // A torn or tampered entry must never become a wrong index: it is rejected and rebuilt.
  if (sha256(content.subarray(offset)) !== header.checksum) throw new Error('damaged unit cache entry')
  const take = <T>(make: (buffer: ArrayBuffer) => T, bytesPer: number, length: number): T => {
    const bytes = content.subarray(offset, offset + length * bytesPer)
    offset += length * bytesPer
    // Copy into a fresh buffer: typed arrays need alignment and the postings may be transferred.
    return make(new Uint8Array(bytes).buffer)
  }
  const [termEntries, entryField, entryPostings, docs, tfs, lengths, fieldLengths] = header.lengths as [number, number, number, number, number, number, number]
  const postings: VenueYearPostings = {
    count: header.count,
    terms: header.terms,
    termEntries: take((b) => new Uint32Array(b), 4, termEntries),
    entryField: take((b) => new Uint8Array(b), 1, entryField),
    entryPostings: take((b) => new Uint32Array(b), 4, entryPostings),
    docs: take((b) => new Uint32Array(b), 4, docs),
    tfs: take((b) => new Uint32Array(b), 4, tfs),
    lengths: take((b) => new Uint32Array(b), 4, lengths),
    fieldLengths: take((b) => new Uint32Array(b), 4, fieldLengths),
  }
  return { postings, docsHash: header.docsHash, pages: header.pages, titles: header.titles }
}
