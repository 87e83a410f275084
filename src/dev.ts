import { spawn } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import type { ViteDevServer } from 'vite'
import { buildSite } from './build/build.ts'
import { formatReport } from './build/report.ts'
import type { Config } from './config.ts'
import { contentTypes } from './content-types.ts'
import { packageRoot } from './package-root.ts'

export interface DevOptions {
  config: Config
  cwd: string
  cacheDir: string
  host: string
  port: number
  log: (line: string) => void
}

/**
 * `papershelf dev`: the site built into the cache folder and served by Vite's dev server, with
 * the front end loaded from source (hot module replacement). Listings and templates are watched:
 * a save rebuilds incrementally and reloads the browser; a broken listing shows its diagnostics
 * in the terminal and in Vite's overlay, while the last good site stays served.
 */
export async function devServer(options: DevOptions): Promise<ViteDevServer> {
  const { createServer } = await import('vite')
  const { config, cwd, log } = options
  const out = resolve(cwd, options.cacheDir, 'dev-site')
  const devConfig: Config = { ...config, out }
  // The front end comes straight from source (Vite injects its own client into each page).
  const assets = { css: [], js: ['src/client/main.ts'] }

  let server: ViteDevServer | undefined
  let running: Promise<void> | undefined
  let again: 'content' | 'code' | undefined

  /** Content changes rebuild here; code changes in a fresh process, so that new templates load. */
  const rebuild = async (kind: 'content' | 'code'): Promise<void> => {
    const started = performance.now()
    const ok = kind === 'content' ? await buildHere() : await buildInChild()
    if (ok) {
      log(`rebuilt in ${((performance.now() - started) / 1000).toFixed(2)} s`)
      server?.ws.send({ type: 'full-reload' })
    }
  }

  const buildHere = async (): Promise<boolean> => {
    const result = await buildSite({ config: devConfig, cwd, cacheDir: options.cacheDir, assets })
    const report = formatReport(result.files)
    if (report.length > 0) log(report.join('\n'))
    if (!result.ok) {
      const first = result.files.flatMap((file) => file.messages.filter((m) => m.fatal).map((m) => ({ file, m })))[0]
      server?.ws.send({
        type: 'error',
        err: {
          message: `${result.errors} error(s) in the listings; the last good site is still served.\n\n${report.filter((line) => line.includes(': error: ')).join('\n')}`,
          stack: '',
          plugin: 'papershelf',
          ...(first
            ? { id: resolve(cwd, first.file.path), loc: { file: resolve(cwd, first.file.path), line: first.m.line ?? 1, column: first.m.column ?? 1 } }
            : {}),
        },
      })
    }
    return result.ok
  }

  const buildInChild = (): Promise<boolean> =>
    new Promise((done) => {
      const args = [join(packageRoot, 'bin', 'papershelf.js'), 'build', '--content', config.content, '--out', out, '--base', config.base]
      args.push('--page-size', String(config.pageSize), '--cache-dir', options.cacheDir, '--dev-assets', '--quiet')
      const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] })
      child.on('close', (code) => done(code === 0))
    })

  const schedule = (kind: 'content' | 'code') => {
    if (running) {
      again = again === 'code' || kind === 'code' ? 'code' : 'content'
      return
    }
    running = rebuild(kind)
      .catch((error: unknown) => log(`rebuild failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = undefined
        const next = again
        again = undefined
        if (next) schedule(next)
      })
  }

  if (!(await buildHere())) log('The site has errors; fix them and save: the page reloads when the build passes.')

  server = await createServer({
    root: packageRoot,
    configFile: join(packageRoot, 'vite.config.ts'),
    base: config.base,
    appType: 'custom',
    // The front end's few dependencies are ES modules already: no pre-bundling (which would scan,
    // then re-optimize and reload the page mid-session), and never a crawl of built sites.
    optimizeDeps: { noDiscovery: true, include: [] },
    server: {
      host: options.host,
      port: options.port,
      watch: { ignored: unwatched(resolve(cwd, options.cacheDir), resolve(cwd, config.content)) },
    },
    plugins: [
      {
        name: 'papershelf-site',
        configureServer(vite) {
          vite.middlewares.use((request, response, next) => {
            const url = new URL(request.url ?? '/', 'http://localhost')
            const path = decodeURIComponent(url.pathname)
            // While a rebuild swaps the site in, a page may be missing for an instant: wait for it.
            const pending = siteFile(out, config.base, path) ? undefined : running
            Promise.resolve(pending)
              .then(() => {
                const file = siteFile(out, config.base, path)
                if (!file) return next()
                return send(vite, url.pathname, file, response)
              })
              .catch(next)
          })
        },
      },
    ],
  })
  const content = resolve(cwd, config.content)
  const templates = join(packageRoot, 'templates')
  const sources = join(packageRoot, 'src')
  const client = join(sources, 'client')
  server.watcher.add([content, templates])
  server.watcher.on('all', (_event, path) => {
    const changed = resolve(path)
    if (changed.startsWith(content + sep)) schedule('content')
    // The front end reloads itself through Vite; other code changes how pages are built.
    else if ((changed.startsWith(templates + sep) || changed.startsWith(sources + sep)) && !changed.startsWith(client + sep)) schedule('code')
  })
  await server.listen()
  server.printUrls()
  return server
}

/**
 * What the dev server does not watch in papershelf's folder (which Vite watches whole):
 * dependencies, built sites and their staging and spare folders, caches, scratch work. Matched
 * by place, not by name anywhere: the content folder is watched wherever it is.
 */
function unwatched(cacheDir: string, content: string): (path: string) => boolean {
  const inside = (path: string, dir: string) => path === dir || path.startsWith(dir + sep)
  const skipped = ['node_modules', 'dist', '.cache', join('bench', 'out'), 'scratch'].map((dir) => join(packageRoot, dir))
  skipped.push(cacheDir)
  return (path) => {
    const target = resolve(path)
    if (inside(target, content)) return false
    return skipped.some((dir) => inside(target, dir)) || target.split(sep).some((part) => part.startsWith('.papershelf-'))
  }
}

/** The built file for a request path under the base, if there is one. */
function siteFile(root: string, base: string, path: string): string | undefined {
  if (!path.startsWith(base)) return undefined
  const inside = resolve(root, `.${path.slice(base.length - 1)}`)
  if (inside !== root && !inside.startsWith(root + sep)) return undefined
  const candidate = path.endsWith('/') ? join(inside, 'index.html') : inside
  if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  if (!extname(path) && existsSync(join(inside, 'index.html'))) return join(inside, 'index.html')
  return undefined
}

async function send(vite: ViteDevServer, url: string, file: string, response: ServerResponse): Promise<void> {
  const type = contentTypes[extname(file)] ?? 'application/octet-stream'
  response.setHeader('Content-Type', type)
  response.setHeader('Cache-Control', 'no-store')
  if (type.startsWith('text/html')) {
    // Vite injects its client into the page: reloads and the error overlay reach it.
    response.end(await vite.transformIndexHtml(url, readFileSync(file, 'utf8')))
  } else response.end(readFileSync(file))
}
