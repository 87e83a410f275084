/**
 * Reader features in real Chromium over the `basic` fixture, served with a strict CSP: BibTeX
 * copy and download, keyboard shortcuts, the results chart, math, author pages.
 */
import { readFile } from 'node:fs/promises'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasBrowser, watchPage } from '../helpers/browser.ts'
import { openSiteSession, type SiteSession, shownTotal, waitForRender } from './site-session.ts'

/** ICLR 2021 No. 7: four authors, and `$\mathcal{L}(x) = x^2$` in its abstract. */
const mathPaper = 'iclr/2021/7/'

describe.skipIf(!hasBrowser)('reader features in Chromium', () => {
  let session: SiteSession
  let context: BrowserContext

  beforeAll(async () => {
    session = await openSiteSession('basic')
    context = await session.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true })
  })
  afterAll(async () => {
    await context?.close()
    await session?.close()
  })

  it('the BibTeX copy button shows with JavaScript and copies the entry', async () => {
    const page = await context.newPage()
    const watch = watchPage(page)
    try {
      await page.goto(session.server.url(mathPaper))
      const button = page.locator('button[data-copy="bibtex"]')
      await expect.poll(() => button.isVisible()).toBe(true)
      expect(await button.textContent()).toBe('Copy BibTeX')
      await button.click()
      await expect.poll(() => button.textContent()).toBe('Copied')

      const shown = (await page.textContent('pre#bibtex')) ?? ''
      expect(shown).toMatch(/^@inproceedings\{\w+,\n/)
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown)
      expect(watch.errors).toEqual([])
    } finally {
      await page.close()
    }
  })

  it('without JavaScript the copy button stays hidden (the entry is still there)', async () => {
    const noJs = await session.browser.newContext({ javaScriptEnabled: false })
    try {
      const page = await noJs.newPage()
      await page.goto(session.server.url(mathPaper))
      expect(await page.isHidden('button[data-copy="bibtex"]')).toBe(true)
      expect(await page.isVisible('pre#bibtex')).toBe(true)
    } finally {
      await noJs.close()
    }
  })

  it('"Download BibTeX" on the search page saves a .bib with one entry per result', async () => {
    const page = await context.newPage()
    const watch = watchPage(page)
    try {
      // Filtered to ICLR so that the entries can be told apart from the other venue's.
      await page.goto(session.server.url('search/?q=graph&venue=iclr'))
      await waitForRender(page, 'graph')
      const total = await shownTotal(page)
      expect(total).toBeGreaterThan(10)
      const button = page.locator('#search-bibtex')
      expect(await button.textContent()).toBe(`Download BibTeX (${total} papers)`)
      const firstPage = await page.$$eval('#search-results .result h3 a', (links) => links.map((link) => link.textContent ?? ''))

      const [download] = await Promise.all([page.waitForEvent('download'), button.click()])
      expect(download.suggestedFilename()).toBe('graph.bib')
      const bib = await readFile(await download.path(), 'utf8')
      expect(bib.match(/@inproceedings\{/g)).toHaveLength(total)
      const titles = [...bib.matchAll(/^ {2}title = \{(.*)\},$/gm)].map((match) => (match[1] ?? '').replace(/[{}]/g, ''))
      expect(titles).toHaveLength(total)
      for (const title of titles) expect(title).toMatch(/graph/i)
      for (const title of firstPage) expect(titles).toContain(title)
      expect([...bib.matchAll(/^ {2}booktitle = \{(.*)\},$/gm)].map((match) => match[1])).toEqual(Array(total).fill('ICLR 2021'))
      await expect.poll(() => button.textContent()).toBe(`Downloaded BibTeX (${total})`)
      expect(watch.errors).toEqual([])
    } finally {
      await page.close()
    }
  })

  it('`?` opens the shortcuts dialog and Escape closes it', async () => {
    const page = await context.newPage()
    try {
      await page.goto(session.server.url('iclr/2021/'))
      await page.waitForLoadState('load')
      const dialog = page.locator('dialog.shortcuts')
      await page.keyboard.press('?')
      await expect.poll(() => dialog.isVisible()).toBe(true)
      expect(await dialog.evaluate((element) => (element as HTMLDialogElement).open)).toBe(true)
      expect(await dialog.getAttribute('aria-labelledby')).toBe('shortcuts-title')
      expect(await page.textContent('#shortcuts-title')).toBe('Keyboard shortcuts')
      expect(await dialog.locator('kbd').allTextContents()).toEqual(expect.arrayContaining(['/', 'j', 'k', 'o', '?']))

      await page.keyboard.press('Escape')
      await expect.poll(() => dialog.isVisible()).toBe(false)
      expect(await dialog.evaluate((element) => (element as HTMLDialogElement).open)).toBe(false)
    } finally {
      await page.close()
    }
  })

  it('`j` twice then `o` on a listing page opens the second paper', async () => {
    const page = await context.newPage()
    try {
      await page.goto(session.server.url('iclr/2021/'))
      await page.waitForLoadState('load')
      const second = page.locator('.papers .paper h2 a').nth(1)
      const href = await second.evaluate((link) => (link as HTMLAnchorElement).href)
      const title = (await second.textContent()) ?? ''
      await page.keyboard.press('j')
      await page.keyboard.press('j')
      expect(await second.evaluate((link) => link === document.activeElement)).toBe(true)
      expect(await page.getAttribute('.papers .paper:nth-child(2)', 'class')).toContain('current-paper')
      await Promise.all([page.waitForURL(href), page.keyboard.press('o')])
      expect(href).toBe(session.server.url('iclr/2021/1/'))
      expect(await page.textContent('h1')).toBe(title)
    } finally {
      await page.close()
    }
  })

  it('`j`/`k` move through search results and `o` opens the current one', async () => {
    const page = await context.newPage()
    try {
      await page.goto(session.server.url('search/?q=graph'))
      await waitForRender(page, 'graph')
      const links = page.locator('#search-results .result h3 a')
      const focused = () => page.evaluate(() => [...document.querySelectorAll('#search-results .result h3 a')].indexOf(document.activeElement as Element))
      await page.keyboard.press('j')
      expect(await focused()).toBe(0)
      await page.keyboard.press('j')
      await page.keyboard.press('j')
      await page.keyboard.press('k')
      expect(await focused()).toBe(1)
      const href = await links.nth(1).evaluate((link) => (link as HTMLAnchorElement).href)
      await Promise.all([page.waitForURL(href), page.keyboard.press('o')])
    } finally {
      await page.close()
    }
  })

  it('the search chart is an svg[role=img] with a title', async () => {
    const page = await context.newPage()
    try {
      await page.goto(session.server.url('search/?q=graph'))
      await waitForRender(page, 'graph')
      const svg = page.locator('#search-chart svg[role="img"]')
      expect(await svg.count()).toBe(1)
      expect(await svg.isVisible()).toBe(true)
      const title = (await svg.locator(':scope > title').textContent())?.trim() ?? ''
      expect(title).not.toBe('')
      // The accessible name is the title (and description), through aria-labelledby.
      const name = await svg.evaluate((element) =>
        (element.getAttribute('aria-labelledby') ?? '')
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      )
      expect(name).toContain(title)
    } finally {
      await page.close()
    }
  })

  it('math in an abstract renders with KaTeX', async () => {
    const page = await context.newPage()
    const watch = watchPage(page)
    try {
      await page.goto(session.server.url(mathPaper))
      const katex = page.locator('.abstract .katex')
      expect(await katex.count()).toBe(1)
      expect(await katex.isVisible()).toBe(true)
      expect(await katex.locator('annotation[encoding="application/x-tex"]').textContent()).toBe('\\mathcal{L}(x) = x^2')
      // The KaTeX stylesheet applied: the MathML copy is visually hidden, the HTML copy shown.
      const mathml = await katex.locator('.katex-mathml').evaluate((element) => getComputedStyle(element).position)
      expect(mathml).toBe('absolute')
      expect(await katex.locator('.katex-html').isVisible()).toBe(true)
      expect(watch.errors).toEqual([])
    } finally {
      await page.close()
    }
  })

  it('author names on a paper page link to author pages that list the paper', async () => {
    const page = await context.newPage()
    try {
      await page.goto(session.server.url(mathPaper))
      const paperUrl = page.url()
      const authors = await page.$$eval('.paper-page .authors a', (links) =>
        links.map((link) => ({ name: link.textContent ?? '', href: (link as HTMLAnchorElement).href })),
      )
      expect(authors.map((author) => author.name)).toEqual(['Claude Shannon', 'Grace Hopper', 'John von Neumann', 'Ada Lovelace'])
      for (const { name, href } of authors) {
        expect(href).toMatch(new RegExp(`^${session.server.url('authors/')}[a-z0-9-]+/$`))
        const response = await page.goto(href)
        expect(response?.status(), href).toBe(200)
        expect(await page.textContent('h1')).toBe(name)
        const listed = await page.$$eval('.author-papers .paper h2 a', (links) => links.map((link) => (link as HTMLAnchorElement).href))
        expect(listed, `${name}'s page lists ${paperUrl}`).toContain(paperUrl)
      }
    } finally {
      await page.close()
    }
  })
})
