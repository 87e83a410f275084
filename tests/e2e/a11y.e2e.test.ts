/**
 * axe-core over every page kind of the `basic` fixture in real Chromium, in the light and the
 * dark color scheme: zero violations. The search page is checked with its results drawn.
 */
import AxeBuilder from '@axe-core/playwright'
import type { AxeResults, Result } from 'axe-core'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasBrowser, watchPage } from '../helpers/browser.ts'
import { openSiteSession, type SiteSession, waitForRender } from './site-session.ts'

interface Check {
  kind: string
  route: string
}

const checks: Check[] = [
  { kind: 'home', route: '' },
  { kind: 'listing', route: 'iclr/2021/' },
  { kind: 'paper (with math and BibTeX)', route: 'iclr/2021/7/' },
  { kind: 'author', route: 'authors/ada-lovelace/' },
]

const schemes = ['light', 'dark'] as const

/** One line per failing node: rule, what it asks, where, and axe's summary. */
function describeViolations(violations: Result[]): string {
  return violations
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} at ${JSON.stringify(node.target)}${node.failureSummary ? `: ${node.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
      ),
    )
    .join('\n')
}

describe.skipIf(!hasBrowser)('accessibility (axe) in Chromium', () => {
  let session: SiteSession
  const contexts = new Map<(typeof schemes)[number], BrowserContext>()

  beforeAll(async () => {
    // Ten papers a listing page keep axe quick; the markup is the same at any page size.
    session = await openSiteSession('basic', '/', { pageSize: 10 })
    for (const scheme of schemes) contexts.set(scheme, await session.browser.newContext({ colorScheme: scheme }))
  })
  afterAll(async () => {
    for (const context of contexts.values()) await context.close()
    await session?.close()
  })

  /** Open `route` in `scheme`, wait for search results if `query`, run axe. */
  async function analyze(scheme: (typeof schemes)[number], route: string, query?: string): Promise<AxeResults> {
    const context = contexts.get(scheme)
    if (!context) throw new Error(`no context for ${scheme}`)
    const page = await context.newPage()
    const watch = watchPage(page)
    try {
      await page.goto(session.server.url(route))
      if (query !== undefined) {
        await waitForRender(page, query)
        expect(await page.locator('#search-results .result').count()).toBeGreaterThan(0)
      }
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark')
      // Legacy mode runs axe in the page itself instead of finishing in an extra blank page: the
      // same results for pages without frames, in about half the time.
      const results = await new AxeBuilder({ page }).setLegacyMode().analyze()
      expect(watch.errors).toEqual([])
      return results
    } finally {
      await page.close()
    }
  }

  describe.each(schemes)('%s color scheme', (scheme) => {
    it.each(checks)('$kind page has no axe violations', async ({ route }) => {
      const { violations } = await analyze(scheme, route)
      expect(violations, describeViolations(violations)).toEqual([])
    })

    // Regression: facet count contrast (light), highlighted title contrast (dark), and `<h3>`
    // results without an `<h2>` (both) were violations here.
    it('search page with results has no axe violations', async () => {
      const { violations, passes } = await analyze(scheme, 'search/?q=graph', 'graph')
      expect(violations, describeViolations(violations)).toEqual([])
      // The results were there to check: axe looked at their contrast.
      expect(passes.some((rule) => rule.id === 'color-contrast' && rule.nodes.some((node) => node.target.join(' ').includes('result')))).toBe(true)
    })
  })
})
