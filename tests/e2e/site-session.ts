/**
 * Shared set-up of the browser suites in this folder: build a fixture site once, serve it with
 * the CSP-enabled static server, start Chromium; plus waits on the search page's renders.
 */
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from '../helpers/browser.ts'
import { buildFixtureSite, type FixtureBuild, type FixtureBuildOptions, fixtureDir } from '../helpers/build.ts'
import { type StaticServer, serveStatic } from '../helpers/static-server.ts'

export interface SiteSession {
  site: FixtureBuild
  server: StaticServer
  browser: Browser
  close: () => Promise<void>
}

/** Build `tests/fixtures/sites/<fixture>`, serve it under `base` with CSP, launch Chromium. */
export async function openSiteSession(fixture: string, base = '/', config: FixtureBuildOptions['config'] = {}): Promise<SiteSession> {
  const [site, browser] = await Promise.all([buildFixtureSite(fixtureDir(fixture), { config: { ...config, base } }), launchBrowser()])
  if (!site.result.ok) {
    await browser.close()
    site.cleanup()
    throw new Error(`fixture ${fixture} did not build`)
  }
  const server = await serveStatic(site.out, { base })
  return {
    site,
    server,
    browser,
    close: async () => {
      await browser.close()
      await server.close()
      site.cleanup()
    },
  }
}

/** How many times the search page has drawn results (it marks `papershelf:results` each time). */
export function renderCount(page: Page): Promise<number> {
  return page.evaluate(() => performance.getEntriesByName('papershelf:results').length)
}

/** Wait until the page has drawn results for `query` more than `after` times in all. */
export async function waitForRender(page: Page, query: string, after = 0): Promise<void> {
  await page.waitForFunction(
    ([q, n]) => {
      const marks = performance.getEntriesByName('papershelf:results')
      const last = marks.at(-1)
      if (marks.length <= n || !(last instanceof PerformanceMark)) return false
      const detail: unknown = last.detail
      return typeof detail === 'object' && detail !== null && 'query' in detail && detail.query === q
    },
    [query, after] as const,
    { timeout: 10_000 },
  )
}

/** Run `action` (a click, a key, back) and wait for the render it causes for `query`. */
export async function renderAfter(page: Page, query: string, action: () => Promise<unknown>): Promise<void> {
  const before = await renderCount(page)
  await action()
  await waitForRender(page, query, before)
}

/** The total of the status line: `23 papers match “graph” · page 1 of 3` → 23. */
export async function shownTotal(page: Page): Promise<number> {
  const status = (await page.textContent('#search-status')) ?? ''
  const match = /^([\d,]+) papers? match/.exec(status.trim())
  if (!match?.[1]) throw new Error(`status shows no total: ${JSON.stringify(status)}`)
  return Number(match[1].replaceAll(',', ''))
}

/** Titles of the results on screen, as text. */
export function resultTitles(page: Page): Promise<string[]> {
  return page.$$eval('#search-results .result h3 a', (links) => links.map((link) => link.textContent ?? ''))
}
