/**
 * Every page of the built sites passes html-validate's recommended rules, and every internal
 * link and fragment resolves: the `basic` and `hostile` fixtures and the default site built
 * from `content/`.
 */
import { join } from 'node:path'
import { LinkChecker } from 'linkinator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildFixtureSite, type FixtureBuild, fixtureDir, repoRoot } from '../helpers/build.ts'
import { checkLinks, formatBroken } from '../helpers/link-check.ts'
import { listHtmlFiles } from '../helpers/site-files.ts'
import { type StaticServer, serveStatic } from '../helpers/static-server.ts'
import { validateSite } from '../helpers/validate-html.ts'

const sites = [
  { name: 'basic', content: fixtureDir('basic'), base: '/', knownBroken: [] },
  { name: 'basic under /papers/', content: fixtureDir('basic'), base: '/papers/', knownBroken: [] },
  { name: 'hostile', content: fixtureDir('hostile'), base: '/', knownBroken: [] },
  { name: 'default (content/)', content: join(repoRoot, 'content'), base: '/', knownBroken: [] },
]

describe.each(sites)('$name site', ({ content, base, knownBroken }) => {
  let site: FixtureBuild
  beforeAll(async () => {
    site = await buildFixtureSite(content, { config: { base } })
    expect(site.result.ok).toBe(true)
  })
  afterAll(() => site?.cleanup())

  it('every page passes html-validate (recommended)', () => {
    const report = validateSite(site.out)
    expect(report.pages).toBe(listHtmlFiles(site.out).length)
    expect(report.pages).toBeGreaterThan(3)
    expect(report.problems).toEqual([])
  })

  it('every internal href/src resolves to a file, and every #fragment to an id', () => {
    const report = checkLinks(site.out, { base })
    expect(formatBroken(report.broken)).toEqual(knownBroken)
    expect(report.links).toBeGreaterThan(report.pages * 5)
  })
})

describe('linkinator over HTTP', () => {
  let site: FixtureBuild
  let server: StaticServer
  beforeAll(async () => {
    site = await buildFixtureSite(fixtureDir('basic'), { config: { base: '/papers/' } })
    server = await serveStatic(site.out, { base: '/papers/' })
  })
  afterAll(async () => {
    await server?.close()
    site?.cleanup()
  })

  it('finds no broken links crawling the basic site from its home page', async () => {
    const checker = new LinkChecker()
    const result = await checker.check({
      path: server.url(),
      recurse: true,
      concurrency: 20,
      // Only the site itself: the papers' pages are on the internet, which tests do not reach.
      linksToSkip: [`^(?!${server.origin.replace(/[.]/g, '\\.')})`],
    })
    const broken = result.links.filter((link) => link.state === 'BROKEN').map((link) => `${link.parent ?? ''} → ${link.url} (${link.status ?? ''})`)
    expect(broken).toEqual([])
    expect(result.links.filter((link) => link.state === 'OK').length).toBeGreaterThan(130)
  })
})
