/** The test static server itself: base path, index files, 404 page, content types, CSP header. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultCsp, type StaticServer, serveStatic } from './static-server.ts'

describe('serveStatic', () => {
  let root: string
  let server: StaticServer
  let plain: StaticServer
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'papershelf-serve-'))
    mkdirSync(join(root, 'a', 'b'), { recursive: true })
    mkdirSync(join(root, 'assets'))
    writeFileSync(join(root, 'index.html'), '<p>home</p>')
    writeFileSync(join(root, 'a', 'b', 'index.html'), '<p>ab</p>')
    writeFileSync(join(root, '404.html'), '<p>missing</p>')
    writeFileSync(join(root, 'assets', 'x.js'), 'export {}')
    writeFileSync(join(root, 'assets', 'x.css'), 'p{}')
    writeFileSync(join(root, 'data.json'), '{}')
    writeFileSync(join(root, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
    server = await serveStatic(root, { base: '/papers/' })
    plain = await serveStatic(root, { csp: false })
  })
  afterAll(async () => {
    await server?.close()
    await plain?.close()
    rmSync(root, { recursive: true, force: true })
  })

  const get = async (url: string) => {
    const response = await fetch(url, { redirect: 'manual' })
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      csp: response.headers.get('content-security-policy'),
      body: await response.text(),
      location: response.headers.get('location'),
    }
  }

  it('serves index.html for the base and for folders', async () => {
    expect(await get(server.url())).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: '<p>home</p>', csp: defaultCsp })
    expect(await get(server.url('a/b/'))).toMatchObject({ status: 200, body: '<p>ab</p>' })
    expect(await get(server.url('a/b'))).toMatchObject({ status: 301, location: '/papers/a/b/' })
    expect(await get(`${server.origin}/papers`)).toMatchObject({ status: 301, location: '/papers/' })
  })

  it('answers 404 with 404.html for missing files, paths outside the base and escapes', async () => {
    for (const url of [server.url('nope/'), server.url('a/b/c.html'), `${server.origin}/index.html`, `${server.origin}/papers/%2e%2e/%2e%2e/etc/passwd`]) {
      expect(await get(url), url).toMatchObject({ status: 404, type: 'text/html; charset=utf-8', body: '<p>missing</p>', csp: defaultCsp })
    }
  })

  it('sends content types', async () => {
    expect((await get(server.url('assets/x.js'))).type).toBe('text/javascript; charset=utf-8')
    expect((await get(server.url('assets/x.css'))).type).toBe('text/css; charset=utf-8')
    expect((await get(server.url('data.json'))).type).toBe('application/json; charset=utf-8')
    expect((await get(server.url('icon.svg'))).type).toBe('image/svg+xml')
  })

  it('leaves out the CSP header when asked, and serves under / by default', async () => {
    expect(await get(plain.url('a/b/'))).toMatchObject({ status: 200, body: '<p>ab</p>', csp: null })
  })
})
