/**
 * The search page in real Chromium over the `basic` fixture (127 papers, "graph" matches more
 * than a page of them), served with a strict CSP: typing, highlights, facets, history, shared
 * URLs, keyboard, pagination, no-JavaScript fallback and phone width.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasBrowser, type PageWatch, watchPage } from '../helpers/browser.ts'
import { openSiteSession, renderAfter, resultTitles, type SiteSession, shownTotal, waitForRender } from './site-session.ts'

describe.skipIf(!hasBrowser)('search page in Chromium', () => {
  let session: SiteSession
  let context: BrowserContext

  beforeAll(async () => {
    session = await openSiteSession('basic')
    context = await session.browser.newContext()
  })
  afterAll(async () => {
    await context?.close()
    await session?.close()
  })

  /** A page on the search with results for `query` drawn, and a watch on its errors. */
  async function searchFor(query: string, extra = ''): Promise<{ page: Page; watch: PageWatch }> {
    const page = await context.newPage()
    const watch = watchPage(page)
    await page.goto(session.server.url(`search/?q=${encodeURIComponent(query)}${extra}`))
    await waitForRender(page, query)
    return { page, watch }
  }

  it('searches as you type in the header box: total, linked titles, highlights', async () => {
    const page = await context.newPage()
    const watch = watchPage(page)
    try {
      await page.goto(session.server.url('search/'))
      await expect.poll(() => page.textContent('#search-status')).toMatch(/^Type to search 127 papers/)
      await renderAfter(page, 'graph', () => page.locator('#site-search').pressSequentially('graph', { delay: 40 }))

      // The URL follows once typing pauses.
      await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('graph')
      // No word of this query has a prefix range too wide for the first results: they are complete.
      expect(await page.getAttribute('#search-results', 'data-complete')).toBe('true')
      const lastMark = await page.evaluate(() => (performance.getEntriesByName('papershelf:results').at(-1) as PerformanceMark).detail)
      expect(lastMark).toMatchObject({ query: 'graph', complete: true })
      const total = await shownTotal(page)
      expect(total).toBeGreaterThan(10)
      expect(await page.textContent('#search-status')).toMatch(/^\d+ papers match “graph” · page 1 of \d+$/)
      const titles = await resultTitles(page)
      expect(titles).toHaveLength(10)
      for (const title of titles) expect(title).toMatch(/graph/i)

      // Every title links to its paper page, under the site.
      const hrefs = await page.$$eval('#search-results .result h3 a', (links) => links.map((link) => (link as HTMLAnchorElement).href))
      for (const href of hrefs) expect(href).toMatch(new RegExp(`^${session.server.url()}(iclr/2021|nips/2022)/\\d+/$`))
      // The query terms are highlighted, and only they.
      const marks = await page.$$eval('#search-results mark', (list) => list.map((mark) => mark.textContent ?? ''))
      expect(marks.length).toBeGreaterThanOrEqual(10)
      for (const mark of marks) expect(mark.toLowerCase()).toMatch(/^graph/)
      expect(watch.errors).toEqual([])
    } finally {
      await page.close()
    }
  })

  it('a venue facet filters (URL, counts, results) and back restores the previous state', async () => {
    const { page, watch } = await searchFor('graph')
    try {
      const allUrl = page.url()
      const allTotal = await shownTotal(page)
      const allTitles = await resultTitles(page)
      const facet = page.locator('#facet-venues a', { hasText: 'NeurIPS' })
      const facetCount = Number((await facet.locator('.count').textContent())?.trim())
      expect(facetCount).toBeGreaterThan(0)
      expect(facetCount).toBeLessThan(allTotal)

      await renderAfter(page, 'graph', () => facet.click())
      expect(new URL(page.url()).searchParams.get('venue')).toBe('nips')
      expect(await shownTotal(page)).toBe(facetCount)
      const filtered = await page.$$eval('#search-results .result .meta', (metas) => metas.map((meta) => meta.textContent ?? ''))
      expect(filtered).toHaveLength(facetCount)
      for (const meta of filtered) expect(meta).toBe('NeurIPS 2022')
      expect(await page.getAttribute('#facet-venues a[aria-current="true"]', 'href')).toContain('venue=nips')

      await renderAfter(page, 'graph', () => page.goBack())
      expect(page.url()).toBe(allUrl)
      expect(await page.inputValue('#site-search')).toBe('graph')
      expect(await shownTotal(page)).toBe(allTotal)
      expect(await resultTitles(page)).toEqual(allTitles)
      expect(watch.errors).toEqual([])
    } finally {
      await page.close()
    }
  })

  it('the URL of a filtered result page, opened afresh, shows the same results', async () => {
    const { page } = await searchFor('graph')
    const copy = await context.newPage()
    try {
      await renderAfter(page, 'graph', () => page.locator('#facet-years a', { hasText: '2021' }).click())
      await renderAfter(page, 'graph', () => page.locator('#search-pages a[rel="next"]').click())
      const url = page.url()
      expect(new URL(url).searchParams.get('year')).toBe('2021')
      expect(new URL(url).searchParams.get('page')).toBe('2')

      await copy.goto(url)
      await waitForRender(copy, 'graph')
      expect(await copy.inputValue('#site-search')).toBe('graph')
      expect(await copy.textContent('#search-status')).toBe(await page.textContent('#search-status'))
      expect(await resultTitles(copy)).toEqual(await resultTitles(page))
      expect(await copy.getAttribute('#facet-years a[aria-current="true"]', 'href')).toContain('year=2021')
    } finally {
      await copy.close()
      await page.close()
    }
  })

  it('ArrowDown from the box focuses the first result and Enter opens its paper', async () => {
    const { page } = await searchFor('diffusion')
    try {
      await page.focus('#site-search')
      await page.keyboard.press('ArrowDown')
      const first = page.locator('#search-results .result h3 a').first()
      await expect.poll(() => first.evaluate((link) => link === document.activeElement)).toBe(true)
      const href = await first.evaluate((link) => (link as HTMLAnchorElement).href)
      const title = (await first.textContent()) ?? ''
      await Promise.all([page.waitForURL(href), page.keyboard.press('Enter')])
      expect(await page.textContent('h1')).toBe(title)
    } finally {
      await page.close()
    }
  })

  it('a paper opened right after typing leaves the typed query in the URL that back returns to', async () => {
    const page = await context.newPage()
    try {
      await page.goto(session.server.url('search/'))
      await waitForRender(page, '')
      await renderAfter(page, 'diffusion', () => page.locator('#site-search').pressSequentially('diffusion', { delay: 10 }))
      await page.keyboard.press('ArrowDown')
      const first = page.locator('#search-results .result h3 a').first()
      const href = await first.evaluate((link) => (link as HTMLAnchorElement).href)
      await Promise.all([page.waitForURL(href), page.keyboard.press('Enter')])
      await page.goBack()
      expect(new URL(page.url()).searchParams.get('q')).toBe('diffusion')
    } finally {
      await page.close()
    }
  })

  it('typed fast, shows the results of what was typed whatever the worker fetched ahead, and an emptied box stays empty', async () => {
    const page = await context.newPage()
    const watch = watchPage(page)
    const fresh = await searchFor('neural netw')
    try {
      await page.goto(session.server.url('search/'))
      await waitForRender(page, '')
      await renderAfter(page, 'neural netw', () => page.locator('#site-search').pressSequentially('neural netw', { delay: 15 }))
      expect(await page.textContent('#search-status')).toBe(await fresh.page.textContent('#search-status'))
      expect(await resultTitles(page)).toEqual(await resultTitles(fresh.page))
      await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('neural netw')
      await page.locator('#site-search').press('Control+A')
      await renderAfter(page, '', () => page.locator('#site-search').press('Backspace'))
      await page.waitForTimeout(300)
      expect(await page.textContent('#search-status')).toMatch(/^Type to search 127 papers/)
      expect(await page.locator('#search-results li').count()).toBe(0)
      expect(watch.errors).toEqual([])
    } finally {
      await page.close()
      await fresh.page.close()
    }
  })

  it('a query without hits says so', async () => {
    const { page, watch } = await searchFor('xylophone')
    try {
      expect(await page.textContent('#search-status')).toBe('No papers match “xylophone”.')
      expect(await page.locator('#search-results li').count()).toBe(0)
      expect(await page.isHidden('#search-bibtex')).toBe(true)
      expect(watch.errors).toEqual([])
    } finally {
      await page.close()
    }
  })

  it('pagination links move between result pages', async () => {
    const { page } = await searchFor('graph')
    try {
      const total = await shownTotal(page)
      const pages = Math.ceil(total / 10)
      const first = await resultTitles(page)
      await renderAfter(page, 'graph', () => page.locator('#search-pages a[rel="next"]').click())
      expect(new URL(page.url()).searchParams.get('page')).toBe('2')
      expect(await page.textContent('#search-status')).toContain(`· page 2 of ${pages}`)
      expect(await page.getAttribute('#search-results', 'start')).toBe('11')
      const second = await resultTitles(page)
      expect(second).toHaveLength(Math.min(10, total - 10))
      expect(second.filter((title) => first.includes(title))).toEqual([])

      await renderAfter(page, 'graph', () => page.locator('#search-pages a[rel="prev"]').click())
      expect(new URL(page.url()).searchParams.get('page')).toBeNull()
      expect(await resultTitles(page)).toEqual(first)
    } finally {
      await page.close()
    }
  })

  it('without JavaScript: the search page links to the catalog and the header form submits to /search/?q=', async () => {
    const noJs = await session.browser.newContext({ javaScriptEnabled: false })
    const page = await noJs.newPage()
    try {
      await page.goto(session.server.url('iclr/2021/'))
      await page.fill('#site-search', 'graph networks')
      await Promise.all([page.waitForURL(/\/search\/\?/), page.press('#site-search', 'Enter')])
      const url = new URL(page.url())
      expect(url.pathname).toBe('/search/')
      expect(url.searchParams.get('q')).toBe('graph networks')

      expect(await page.textContent('#search-status')).toContain('needs JavaScript')
      const catalog = page.locator('.search-page ul.venues a')
      expect((await catalog.allTextContents()).sort()).toEqual(['ICLR 2021', 'NeurIPS 2022'])
      const iclr = catalog.filter({ hasText: 'ICLR 2021' })
      expect(await iclr.isVisible()).toBe(true)
      await Promise.all([page.waitForURL(session.server.url('iclr/2021/')), iclr.click()])
      expect(await page.textContent('h1')).toBe('ICLR 2021')
    } finally {
      await noJs.close()
    }
  })

  it('the header box on another page submits to the search page, which shows the results', async () => {
    const page = await context.newPage()
    try {
      await page.goto(session.server.url('nips/2022/'))
      await page.fill('#site-search', 'diffusion')
      await Promise.all([page.waitForURL(/\/search\/\?q=diffusion$/), page.press('#site-search', 'Enter')])
      await waitForRender(page, 'diffusion')
      expect(await page.inputValue('#site-search')).toBe('diffusion')
      expect(await shownTotal(page)).toBeGreaterThan(0)
    } finally {
      await page.close()
    }
  })

  it('`/` on a listing page focuses the search box', async () => {
    const page = await context.newPage()
    try {
      await page.goto(session.server.url('iclr/2021/'))
      await page.waitForLoadState('load')
      await page.keyboard.press('/')
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('site-search')
      // The `/` was a shortcut, not typed into the box.
      expect(await page.inputValue('#site-search')).toBe('')
    } finally {
      await page.close()
    }
  })

  it('fits a phone screen (375 px): no horizontal scrolling with results on screen, nor on the pages they lead to', async () => {
    const phone = await session.browser.newContext({ viewport: { width: 375, height: 800 } })
    const page = await phone.newPage()
    try {
      await page.goto(session.server.url('search/?q=graph'))
      await waitForRender(page, 'graph')
      expect(await page.locator('#search-chart svg').count()).toBe(1)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
      expect(await page.locator('#search-results .result').first().isVisible()).toBe(true)
      // The pages a result leads to fit too.
      for (const route of ['', 'iclr/2021/', 'iclr/2021/7/', 'authors/ada-lovelace/']) {
        await page.goto(session.server.url(route))
        expect(await page.evaluate(() => document.documentElement.scrollWidth), route).toBeLessThanOrEqual(375)
      }
    } finally {
      await phone.close()
    }
  })
})
