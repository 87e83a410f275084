import { type ChildProcess, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../helpers/browser.ts'
import { fixtureDir, repoRoot } from '../helpers/build.ts'

/** A free TCP port on localhost. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

describe('papershelf dev', () => {
  const work = mkdtempSync(join(tmpdir(), 'papershelf-dev-'))
  // Under folders named like the ones the dev server does not watch in papershelf's own tree
  // (built sites, scratch work): the content is watched wherever it is.
  const content = join(work, 'scratch', 'dist', 'content')
  const listing = join(content, 'NIPS', '2022', 'NIPS-2022-list01.md')
  let dev: ChildProcess
  let browser: Browser
  let url = ''
  let log = ''

  beforeAll(async () => {
    cpSync(fixtureDir('basic'), content, { recursive: true })
    const port = await freePort()
    dev = spawn(
      process.execPath,
      ['bin/papershelf.js', 'dev', '--content', content, '--cache-dir', join(work, 'cache'), '--port', String(port), '--host', '127.0.0.1'],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        // Vite colours its output when CI is set, even into a pipe: compare without the colours.
        log += chunk.toString().replace(/\x1b\[[0-9;]*m/g, '')
        if (log.includes(`127.0.0.1:${port}`)) resolve()
      }
      dev.stdout?.on('data', onData)
      dev.stderr?.on('data', onData)
      dev.on('exit', (code) => reject(new Error(`dev exited with ${code}: ${log}`)))
      setTimeout(() => reject(new Error(`dev server not listening after 120 s; it printed:\n${log}`)), 120_000)
    })
    await ready
    url = `http://127.0.0.1:${port}/`
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    dev?.kill('SIGTERM')
    rmSync(work, { recursive: true, force: true })
  })

  it('should show a saved listing change without a manual reload, and diagnostics in the overlay', async () => {
    const page = await browser.newPage()
    await page.goto(`${url}nips/2022/0/`)
    const before = (await page.textContent('h1')) ?? ''
    const source = readFileSync(listing, 'utf8')
    const title = /^## \[0\] (.*)$/m.exec(source)?.[1] as string
    expect(before).toBe(title)

    // Save an edit: the page reloads by itself with the new title.
    const reloaded = page.waitForEvent('load', { timeout: 30_000 })
    writeFileSync(listing, source.replace(`## [0] ${title}`, '## [0] Edited while the dev server runs'))
    await reloaded
    expect(await page.textContent('h1')).toBe('Edited while the dev server runs')

    // Break the listing: the overlay names the file and line; the last good page stays.
    writeFileSync(listing, source.replace('**Authors**:', '**Authorz**:'))
    await page.waitForSelector('vite-error-overlay', { timeout: 30_000 })
    const overlay = await page.evaluate(() => document.querySelector('vite-error-overlay')?.shadowRoot?.textContent ?? '')
    expect(overlay).toMatch(/NIPS-2022-list01\.md:\d+:\d+: error: .*\[missing-field\]/)
    const response = await page.request.get(`${url}nips/2022/0/`)
    expect(await response.text()).toContain('Edited while the dev server runs')

    // Fix it again: the server soon serves the fixed site (polled over HTTP, which does not
    // depend on which of the reloads the browser happens to be in when the check runs).
    writeFileSync(listing, source)
    const deadline = Date.now() + 60_000
    let served = ''
    while (Date.now() < deadline) {
      served = await (await page.request.get(`${url}nips/2022/0/`)).text()
      if (served.includes(`<h1>${title}</h1>`)) break
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    expect(served).toContain(`<h1>${title}</h1>`)
  })
})
