/**
 * The `hostile` fixture in real Chromium, served with a strict Content-Security-Policy: every
 * page kind opens without a dialog, without a CSP violation or error, shows the hostile strings
 * as text, and its live DOM has no event handler, no foreign script and no dangerous URL.
 */
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasBrowser, launchBrowser, watchPage } from '../helpers/browser.ts'
import { buildFixtureSite, type FixtureBuild, fixtureDir } from '../helpers/build.ts'
import { type StaticServer, serveStatic } from '../helpers/static-server.ts'

const base = '/papers/'

interface Visit {
  kind: string
  route: string
  status: number
  /** Strings that must be visible as text on the page. */
  shows: string[]
}

const visits: Visit[] = [
  { kind: 'home', route: '', status: 200, shows: ['XSS 2024', '5 papers'] },
  {
    kind: 'listing',
    route: 'xss/2024/',
    status: 200,
    shows: [
      '<script>alert(1)</script>',
      '"><svg onload=alert(1)>',
      '</title><script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      'Mallory "><svg onload=alert(1)>',
      'An abstract with <script>alert(1)</script> inline',
      'raw <a href="javascript:alert(1)">anchor</a>',
      'javascript:alert(1)',
      'onerror=alert(1) is only text',
    ],
  },
  {
    kind: 'paper (script title)',
    route: 'xss/2024/1/',
    status: 200,
    shows: ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>, Mallory "><svg onload=alert(1)>'],
  },
  { kind: 'paper (svg title, data: URL)', route: 'xss/2024/2/', status: 200, shows: ['"><svg onload=alert(1)>', 'data:text/html;base64,'] },
  { kind: 'paper (</title> title)', route: 'xss/2024/3/', status: 200, shows: ['</title><script>alert(1)</script>', 'Alice &amp; Bob', 'JaVaScRiPt:alert(1)'] },
  {
    kind: 'paper (styles and forms)',
    route: 'xss/2024/4/',
    status: 200,
    shows: ['<style>body { display: none }</style>', '<form action="https://evil.example/">'],
  },
  { kind: '404', route: 'no/such/page/', status: 404, shows: ['Page not found'] },
]

describe.skipIf(!hasBrowser)('hostile site in Chromium with CSP', () => {
  let site: FixtureBuild
  let server: StaticServer
  let browser: Browser
  let context: BrowserContext

  beforeAll(async () => {
    site = await buildFixtureSite(fixtureDir('hostile'), { config: { base } })
    expect(site.result.ok).toBe(true)
    server = await serveStatic(site.out, { base })
    browser = await launchBrowser()
    context = await browser.newContext()
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await server?.close()
    site?.cleanup()
  })

  it.each(visits)('$kind page: no dialog, no CSP violation, hostile text shown as text', async ({ route, status, shows }) => {
    const page = await context.newPage()
    const watch = watchPage(page)
    const failed: string[] = []
    const notOk: string[] = []
    page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText ?? ''}`))
    page.on('response', (r) => {
      if (r.status() >= 400) notOk.push(`${r.status()} ${r.url()}`)
    })
    try {
      const response = await page.goto(server.url(route), { waitUntil: 'load' })
      expect(response?.status()).toBe(status)
      // Give anything deferred (module script, timers an injection might set) a moment to run.
      await page.waitForTimeout(150)

      expect(watch.dialogs).toEqual([])
      // Chromium logs the 404 page's own status as a console error; nothing else may fail.
      expect(notOk).toEqual(status === 404 ? [`404 ${server.url(route)}`] : [])
      expect(watch.errors).toEqual(status === 404 ? ['Failed to load resource: the server responded with a status of 404 (Not Found)'] : [])
      expect(watch.console.filter((line) => /Content Security Policy|Refused to/i.test(line))).toEqual([])
      expect(failed).toEqual([])

      const bodyText = (await page.textContent('body')) ?? ''
      for (const shown of shows) expect(bodyText, shown).toContain(shown)
      expect(await page.isVisible('main')).toBe(true)
      expect(await page.title()).toMatch(/papershelf$/)

      // The live DOM, as the browser built it.
      const dom = await page.evaluate(() => {
        const elements = [...document.querySelectorAll('*')]
        const handlers = elements.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `<${e.localName} ${a.name}>`))
        const scripts = [...document.scripts].map((s) => ({ src: s.getAttribute('src'), type: s.type, inline: s.text.trim() !== '' }))
        const urls = elements.flatMap((e) =>
          ['href', 'src', 'action', 'formaction', 'xlink:href'].map((name) => e.getAttribute(name)).filter((v): v is string => v !== null),
        )
        // The one SVG allowed is the site's own chart (built from counts and venue names, escaped).
        const ownChart = (e: Element) => e.localName === 'svg' && e.parentElement?.matches('.chart') === true && e.getAttribute('role') === 'img'
        const foreign = elements
          .filter((e) => ['iframe', 'object', 'embed', 'img', 'svg', 'style', 'base'].includes(e.localName) && !ownChart(e))
          .map((e) => e.localName)
        return { handlers, scripts, urls, foreign, mainVisible: getComputedStyle(document.body).display !== 'none' }
      })
      expect(dom.handlers).toEqual([])
      expect(dom.foreign).toEqual([])
      expect(dom.mainVisible).toBe(true)
      expect(dom.scripts.length).toBeGreaterThan(0)
      for (const script of dom.scripts) {
        expect(script.inline).toBe(false)
        expect(script.type).toBe('module')
        expect(script.src).toMatch(/^\/papers\/assets\/[\w.-]+\.js$/)
      }
      for (const url of dom.urls) expect(url.replace(/[\u0000-\u0020]/g, '')).not.toMatch(/^(?:javascript|vbscript|data):/i)
    } finally {
      await page.close()
    }
  })

  it('served our own assets under the CSP (the bundle loaded)', async () => {
    const page = await context.newPage()
    const watch = watchPage(page)
    const loaded: string[] = []
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith(`${base}assets/`)) loaded.push(`${response.status()} ${response.request().resourceType()}`)
    })
    try {
      await page.goto(server.url('xss/2024/'), { waitUntil: 'load' })
      expect(loaded).toEqual(expect.arrayContaining(['200 script', '200 stylesheet']))
      // The stylesheet applied: the skip link is moved off-screen by it.
      const skipLeft = await page.$eval('a.skip', (a) => getComputedStyle(a).left)
      expect(skipLeft).toBe('-999px')
      expect(watch.errors).toEqual([])
    } finally {
      await page.close()
    }
  })

  it('reports CSP violations (the check above can fail)', async () => {
    const page = await context.newPage()
    const watch = watchPage(page)
    try {
      await page.goto(server.url('xss/2024/'), { waitUntil: 'load' })
      // Inject what an escaping bug would produce; the CSP must block it and the watch must see it.
      await page.evaluate(() => {
        const script = document.createElement('script')
        script.textContent = 'alert(1)'
        document.body.append(script)
      })
      await page.waitForTimeout(100)
      expect(watch.dialogs).toEqual([])
      expect(watch.errors.some((e) => /Content Security Policy/i.test(e))).toBe(true)
    } finally {
      await page.close()
    }
  })
})
