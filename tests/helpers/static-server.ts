/**
 * A small static file server for a built site, for browser tests: serves the folder under its
 * base path, `index.html` for folders, `404.html` (status 404) for anything missing, with
 * content types, and by default a strict Content-Security-Policy header so that any inline
 * script or style the pages might carry is blocked and reported by the browser.
 *
 * ```ts
 * const server = await serveStatic(site.out, { base: '/papers/' })
 * await page.goto(server.url('iclr/2021/'))
 * await server.close()
 * ```
 */
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, resolve, sep } from 'node:path'
import { contentTypes } from '../../src/content-types.ts'

export const defaultCsp =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"

export interface StaticServerOptions {
  /** Base path the site was built for; requests outside it get the 404 page. Default `/`. */
  base?: string
  /** `Content-Security-Policy` header value; `false` for none. Default {@link defaultCsp}. */
  csp?: string | false
  /** Port; default any free port. */
  port?: number
  /** Extra headers on every response. */
  headers?: Record<string, string>
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string
  /** Absolute URL of a route under the base: `url('iclr/2021/')` → `http://127.0.0.1:…/papers/iclr/2021/`. */
  url: (route?: string) => string
  /** Every request served, as `status path`. */
  log: string[]
  close: () => Promise<void>
}

export async function serveStatic(rootDir: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const root = resolve(rootDir)
  const base = options.base ?? '/'
  const csp = options.csp === undefined ? defaultCsp : options.csp
  const log: string[] = []

  const send = (res: ServerResponse, status: number, type: string, body: Buffer | string, req: IncomingMessage) => {
    const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...options.headers }
    if (csp) headers['content-security-policy'] = csp
    res.writeHead(status, headers)
    res.end(req.method === 'HEAD' ? undefined : body)
    log.push(`${status} ${req.url ?? ''}`)
  }

  const notFound = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      send(res, 404, contentTypes['.html'] as string, await readFile(join(root, '404.html')), req)
    } catch {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found\n', req)
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', req)
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname
    if (pathname === base.replace(/\/$/, '') && base !== '/') return redirect(res, base, req)
    if (!pathname.startsWith(base)) return notFound(req, res)
    let relative: string
    try {
      relative = decodeURIComponent(pathname.slice(base.length))
    } catch {
      return notFound(req, res)
    }
    const file = resolve(root, relative)
    if (file !== root && !file.startsWith(root + sep)) return notFound(req, res)
    let target = file
    try {
      const stats = await stat(file)
      if (stats.isDirectory()) {
        if (!pathname.endsWith('/')) return redirect(res, `${pathname}/`, req)
        target = join(file, 'index.html')
      }
      const body = await readFile(target)
      send(res, 200, contentTypes[extname(target).toLowerCase()] ?? 'application/octet-stream', body, req)
    } catch {
      await notFound(req, res)
    }
  }

  const redirect = (res: ServerResponse, location: string, req: IncomingMessage) => {
    res.writeHead(301, { location })
    res.end()
    log.push(`301 ${req.url ?? ''}`)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `${String(error)}\n`, req)
      else res.destroy()
    })
  })
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(options.port ?? 0, '127.0.0.1', () => done())
  })
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  return {
    origin,
    url: (route = '') => `${origin}${base}${route}`,
    log,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections()
        server.close((error) => (error ? fail(error) : done()))
      }),
  }
}
