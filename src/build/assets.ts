import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { packageRoot } from '../package-root.ts'
import type { SiteWriter } from './output.ts'

/** The built front end: a folder to copy into the site, and what pages must link. */
export interface Assets {
  /** Folder with `assets/…` and the files of `public/`. */
  dir: string
  /** Stylesheets and module scripts, as routes relative to the site root. */
  css: string[]
  js: string[]
}

interface ManifestChunk {
  file: string
  css?: string[]
  isEntry?: boolean
}

/** Files the bundle depends on: the front-end sources, the Vite config and `public/`. */
function inputsHash(base: string): string {
  const hash = createHash('sha256').update(base)
  const add = (dir: string) => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }).sort((a, b) =>
      join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)),
    )) {
      if (!entry.isFile()) continue
      const path = join(entry.parentPath, entry.name)
      hash.update(relative(packageRoot, path)).update('\0').update(readFileSync(path)).update('\0')
    }
  }
  add(join(packageRoot, 'src'))
  add(join(packageRoot, 'public'))
  hash.update(readFileSync(join(packageRoot, 'vite.config.ts')))
  hash.update(readFileSync(join(packageRoot, 'package-lock.json')))
  return hash.digest('hex').slice(0, 16)
}

/**
 * Bundle the front end with Vite for `base`, reusing an earlier bundle of the same inputs from
 * `cacheDir` (pass `undefined` to always bundle).
 */
export async function buildAssets(base: string, cacheDir: string | undefined, scratch: string): Promise<Assets> {
  const key = inputsHash(base)
  const cached = cacheDir ? join(cacheDir, 'assets', key) : undefined
  const dir = cached && existsSync(join(cached, 'manifest.json')) ? cached : await bundle(base, cached ?? join(scratch, `assets-${key}`))
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>
  const entry = manifest['src/client/main.ts']
  if (!entry) throw new Error('Vite manifest has no entry for src/client/main.ts')
  return { dir, css: entry.css ?? [], js: [entry.file] }
}

async function bundle(base: string, target: string): Promise<string> {
  const temporary = `${target}.${process.pid}.tmp`
  rmSync(temporary, { recursive: true, force: true })
  // Vite is loaded only when the bundle is not in the cache: it takes longer to load than a no-change build.
  const { build } = await import('vite')
  await build({
    root: packageRoot,
    configFile: join(packageRoot, 'vite.config.ts'),
    base,
    logLevel: 'warn',
    build: { outDir: temporary, emptyOutDir: true },
  })
  mkdirSync(join(target, '..'), { recursive: true })
  rmSync(target, { recursive: true, force: true })
  renameSync(temporary, target)
  return target
}

/** Put the bundle and the files of `public/` into the site (unchanged ones are linked), without Vite's manifest. */
export function copyAssets(assets: Assets, writer: SiteWriter): void {
  for (const entry of readdirSync(assets.dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = relative(assets.dir, join(entry.parentPath, entry.name)).split('\\').join('/')
    if (path !== 'manifest.json') writer.write(path, readFileSync(join(entry.parentPath, entry.name)))
  }
}
