/**
 * The static host the search benchmark serves a built site from, like a typical one: text
 * responses (html, js, css, json, svg, xml, txt) compressed with gzip when the browser accepts it
 * (or brotli, when asked to), everything else — our `*.json.gz` index files and Pagefind's
 * pre-compressed files included — sent as stored, without `Content-Encoding`, so that the
 * clients' own decompression runs. Compressed bodies are computed once per file and kept, so
 * the server costs little CPU during a measurement.
 *
 * Validation as on hosts that revalidate every request (Netlify-like): `Cache-Control: public,
 * max-age=0, must-revalidate` with an `ETag`, and `304 Not Modified` for a matching
 * `If-None-Match` (Chromium re-requests the favicon each time the search page replaces its URL).
 *
 * Every response is logged with the bytes written to the socket for it (status line, headers
 * and body), a ground truth to cross-check the browser's own network accounting.
 */
import { readFileSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, resolve, sep } from 'node:path'
import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib'
import { contentTypes } from '../src/content-types.ts'

export type Encoding = 'gzip' | 'br'

/** Extensions a typical static host compresses on the fly. */
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.xml', '.txt'])

export function isCompressible(path: string): boolean {
  return compressible.has(extname(path).toLowerCase())
}

/** gzip as hosts do by default (level 6). */
export function gzipSize(body: Uint8Array): number {
  return gzipSync(body, { level: 6 }).length
}

/** brotli at the quality hosts typically use for on-the-fly compression (5). */
export function brotliSize(body: Uint8Array): number {
  return brotliCompress(body).length
}

function brotliCompress(body: Uint8Array): Buffer {
  return brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } })
}

export interface ServedResponse {
  /** Path as requested, without the query string. */
  path: string
  status: number
  /** `gzip`, `br` or `identity`. */
  encoding: string
  /** Bytes of the body as sent. */
  bodyBytes: number
  /** Bytes written to the socket for this response (status line and headers included). */
  wireBytes: number
  /** `performance.now()` of this process when the last byte was handed to the socket. */
  finishedAt: number
}

export interface SiteServer {
  origin: string
  /** Every response, in the order they finished. */
  log: ServedResponse[]
  close: () => Promise<void>
}

export interface SiteServerOptions {
  /** Compression for text responses when the browser accepts it; default gzip. */
  encoding?: Encoding
}

export async function serveSite(rootDir: string, options: SiteServerOptions = {}): Promise<SiteServer> {
  const root = resolve(rootDir)
  const preferred: Encoding = options.encoding ?? 'gzip'
  const log: ServedResponse[] = []
  const compressed = new Map<string, Buffer>()

  const compress = (file: string, body: Buffer, encoding: Encoding): Buffer => {
    const key = `${encoding}:${file}`
    let out = compressed.get(key)
    if (!out) {
      out = encoding === 'gzip' ? gzipSync(body, { level: 6 }) : brotliCompress(body)
      compressed.set(key, out)
    }
    return out
  }

  const send = (req: IncomingMessage, res: ServerResponse, path: string, status: number, headers: Record<string, string>, body: Buffer) => {
    const socket = res.socket
    const before = socket ? socket.bytesWritten : 0
    const length: Record<string, string> = status === 304 ? {} : { 'content-length': String(body.length) }
    res.writeHead(status, { 'cache-control': 'public, max-age=0, must-revalidate', ...length, ...headers })
    res.end(req.method === 'HEAD' ? undefined : body)
    res.on('finish', () => {
      const after = socket ? socket.bytesWritten : before
      log.push({
        path,
        status,
        encoding: headers['content-encoding'] ?? 'identity',
        bodyBytes: body.length,
        // Keep-alive sockets are reused: count only what this response added.
        wireBytes: Math.max(0, after - before) || body.length,
        finishedAt: performance.now(),
      })
    })
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname
    let relative: string
    try {
      relative = decodeURIComponent(pathname)
    } catch {
      return send(req, res, pathname, 400, { 'content-type': 'text/plain' }, Buffer.from('bad request\n'))
    }
    const file = resolve(root, `.${relative}`)
    if (file !== root && !file.startsWith(root + sep)) return send(req, res, pathname, 404, { 'content-type': 'text/plain' }, Buffer.from('not found\n'))
    let target = file
    try {
      if (statSync(file).isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { location: `${pathname}/` })
          res.end()
          return
        }
        target = join(file, 'index.html')
      }
      const stats = statSync(target)
      const etag = `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`
      if (req.headers['if-none-match'] === etag) return send(req, res, pathname, 304, { etag }, Buffer.alloc(0))
      const body = readFileSync(target)
      const type = contentTypes[extname(target).toLowerCase()] ?? 'application/octet-stream'
      const accepts = String(req.headers['accept-encoding'] ?? '')
      const encoding: Encoding | undefined = !isCompressible(target)
        ? undefined
        : preferred === 'br' && /\bbr\b/.test(accepts)
          ? 'br'
          : /\bgzip\b/.test(accepts)
            ? 'gzip'
            : undefined
      if (encoding)
        send(req, res, pathname, 200, { 'content-type': type, 'content-encoding': encoding, vary: 'accept-encoding', etag }, compress(target, body, encoding))
      else send(req, res, pathname, 200, { 'content-type': type, etag }, body)
    } catch {
      send(req, res, pathname, 404, { 'content-type': 'text/plain' }, Buffer.from('not found\n'))
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error))
      else res.destroy()
    })
  })
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => done())
  })
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections()
        server.close((error) => (error ? fail(error) : done()))
      }),
  }
}
