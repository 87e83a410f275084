// papershelf's sources are TypeScript. Run through tsx's loader, every import of a module or a
// package is a round trip to the loader's thread: a quarter of a second before a build starts,
// most of a rebuild's budget. So the CLI runs from a bundle of its sources, made with esbuild
// the first time a version of them runs and kept in node_modules/.cache/papershelf/ (the way
// Vite bundles its config file). Dependencies stay out of the bundle, loaded from node_modules.
// Where no bundle can be written, the sources run through tsx as before.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs'
import { basename, dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bundles = join(root, 'node_modules', '.cache', 'papershelf')
const entryPoints = { cli: 'src/cli.ts', worker: 'src/build/worker.ts' }

/**
 * What the bundle is made of: this file, package.json, and every file under src/ and templates/,
 * and where they are (the bundle holds their paths; copies of papershelf may share node_modules).
 */
function sourcesKey() {
  const hash = createHash('sha256').update(root).update('\0')
  hash.update(readFileSync(fileURLToPath(import.meta.url))).update(readFileSync(join(root, 'package.json')))
  for (const dir of ['src', 'templates']) {
    const files = readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .sort()
    for (const file of files) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex').slice(0, 16)
}

/** Bundle the sources into `dir`, written aside and renamed into place (a concurrent run may win). */
async function bundle(dir) {
  const { build } = await import('esbuild')
  const temporary = `${dir}.${process.pid}.tmp`
  // `import.meta.url` keeps meaning the source file's URL (packageRoot is found from it).
  const metaUrl = '__papershelf_source_url'
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir: temporary,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    define: { 'import.meta.url': metaUrl },
    plugins: [
      {
        name: 'source-url',
        setup(build) {
          build.onLoad({ filter: /\.ts$/ }, (args) => ({
            loader: 'ts',
            contents: `const ${metaUrl} = ${JSON.stringify(pathToFileURL(args.path).href)};${readFileSync(args.path, 'utf8')}`,
          }))
        },
      },
    ],
    logLevel: 'silent',
  })
  try {
    renameSync(temporary, dir)
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true })
    if (!existsSync(dir)) throw error
  }
  // Bundles of other sources go once unused for a day (another checkout sharing node_modules,
  // as the bench's exported trees do, may be running its own meanwhile).
  const dayAgo = Date.now() - 24 * 3600 * 1000
  for (const name of readdirSync(bundles)) {
    const path = join(bundles, name)
    if (name !== basename(dir) && statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true })
  }
}

/** The CLI module: from the bundle of the current sources, else from the sources through tsx. */
export async function loadCli() {
  let dir
  try {
    dir = join(bundles, sourcesKey())
    if (existsSync(join(dir, 'cli.mjs'))) {
      const now = new Date()
      utimesSync(dir, now, now)
    } else {
      mkdirSync(bundles, { recursive: true })
      await bundle(dir)
    }
  } catch (error) {
    if (process.env.PAPERSHELF_DEBUG) console.error('papershelf: running the sources through tsx:', error)
    dir = undefined
  }
  if (process.env.PAPERSHELF_DEBUG) process.setSourceMapsEnabled(true)
  if (dir) {
    const cli = await import(pathToFileURL(join(dir, 'cli.mjs')).href)
    cli.useBundledWorker(pathToFileURL(join(dir, 'worker.mjs')))
    return cli
  }
  const { register } = await import('tsx/esm/api')
  register()
  return import('../src/cli.ts')
}
