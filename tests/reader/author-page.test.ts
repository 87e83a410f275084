import { HtmlValidate, StaticConfigLoader } from 'html-validate'
import { describe, expect, it } from 'vitest'
import { defaultConfig } from '../../src/config.ts'
import { authorSlugs, groupByAuthor } from '../../src/reader/authors.ts'
import { hrefFor } from '../../src/site/urls.ts'
import { authorPage } from '../../templates/author.ts'
import type { SiteContext } from '../../templates/context.ts'
import { makeRendered, makeVenueYear } from './helpers.ts'

const site: SiteContext = {
  config: { ...defaultConfig, base: '/papers/' },
  href: hrefFor('/papers/'),
  absolute: (route) => `https://example.org/papers/${route}`,
  assets: { css: [], js: [] },
  authorSlugs: new Map(),
  bibtexKeys: new Map(),
}

// The site's own html-validate setup (see tests/helpers/validate-html.ts): recommended rules,
// lower-case doctype, and long titles allowed since a title is a paper's or a person's name.
const validator = new HtmlValidate(
  new StaticConfigLoader({ extends: ['html-validate:recommended'], rules: { 'doctype-style': ['error', { style: 'lowercase' }], 'long-title': 'off' } }),
)

const hostile = '<script>alert(1)</script> & "Bobby" \'Tables\''
const venueYears = [
  makeVenueYear('iclr', 'ICLR', 2021, [
    makeRendered({ index: 1, title: 'Older', titleHtml: 'Older <em>work</em>', authors: [hostile, 'Ada Lovelace'] }),
    makeRendered({ index: 2, title: 'Second', authors: ['Ada Lovelace', hostile, 'Zed <b>'] }),
  ]),
  makeVenueYear('nips', 'NeurIPS', 2023, [makeRendered({ venue: 'nips', year: 2023, index: 9, title: 'Newer', authors: [hostile] })]),
]
const groups = groupByAuthor(venueYears)
const slugs = authorSlugs(groups.map((group) => group.name))
const author = groups.find((group) => group.name === hostile)
if (!author) throw new Error('the hostile author is missing')
const page = authorPage(site, author, { slugs })

describe('authorPage', () => {
  it('should be valid HTML', () => {
    const report = validator.validateStringSync(page)
    expect(report.results.flatMap((result) => result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`))).toEqual([])
  })

  it('should have one h1 with the name as text, a language and the layout landmarks', () => {
    expect(page.match(/<h1[ >]/g)).toHaveLength(1)
    expect(page).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Bobby&quot; &#39;Tables&#39;</h1>')
    expect(page).not.toContain('<script>alert(1)')
    expect(page).toMatch(/<html lang="en">/)
    expect(page).toContain('<main id="main">')
    expect(page).toContain(`<link rel="canonical" href="https://example.org/papers/authors/${author.slug}/">`)
  })

  it('should count papers per venue-year, newest first', () => {
    expect(page).toContain('<p class="lead">3 papers: <a href="/papers/nips/2023/">NeurIPS 2023</a> (1) · <a href="/papers/iclr/2021/">ICLR 2021</a> (2)</p>')
  })

  it('should list papers newest first, linking titles and co-authors', () => {
    const titles = [...page.matchAll(/<h2><a href="([^"]+)">(.*?)<\/a><\/h2>/g)].map((m) => [m[1], m[2]])
    expect(titles).toEqual([
      ['/papers/nips/2023/9/', 'Newer'],
      ['/papers/iclr/2021/1/', 'Older <em>work</em>'],
      ['/papers/iclr/2021/2/', 'Second'],
    ])
    expect(page).toContain(
      `<p class="authors">With <a href="/papers/authors/ada-lovelace/">Ada Lovelace</a>, <a href="/papers/authors/${slugs.get('Zed <b>')}/">Zed &lt;b&gt;</a></p>`,
    )
    // The sole author of `Newer` has no co-author line.
    expect(page).toMatch(/Newer<\/a><\/h2>\n<p class="meta"><a href="\/papers\/nips\/2023\/">NeurIPS 2023<\/a><\/p>/)
  })

  it('should write co-authors as text when no slugs are given', () => {
    const plain = authorPage(site, author)
    expect(plain).toContain('<p class="authors">With Ada Lovelace</p>')
  })

  it('should describe the page in the meta description, escaped', () => {
    expect(page).toContain(
      '<meta name="description" content="3 papers by &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Bobby&quot; &#39;Tables&#39;: NeurIPS 2023, ICLR 2021.">',
    )
  })
})
