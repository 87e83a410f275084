import { html, trustedHtml } from '../src/html.ts'
import type { RenderedPaper } from '../src/paper.ts'
import type { AuthorGroup } from '../src/reader/authors.ts'
import { routes } from '../src/site/urls.ts'
import { formatCount, plural, type SiteContext } from './context.ts'
import { layout } from './layout.ts'

/** What an author page shows of each paper. */
export type AuthorPaper = Pick<RenderedPaper, 'id' | 'venue' | 'year' | 'index' | 'authors' | 'titleHtml'>

export interface AuthorPageOptions {
  /** Slugs of every author of the site (`authorSlugs`); co-authors found here become links. */
  slugs?: ReadonlyMap<string, string>
}

/** An author's page: their papers, newest first, with co-authors and venue-years. */
export function authorPage(site: SiteContext, author: AuthorGroup<AuthorPaper>, options: AuthorPageOptions = {}): string {
  const { href } = site
  const venueNames = new Map(author.counts.map((count) => [count.key, count.name]))
  const venueYearLabel = (paper: AuthorPaper) => `${venueNames.get(`${paper.venue}-${paper.year}`) ?? paper.venue.toUpperCase()} ${paper.year}`
  const total = plural(author.papers.length, 'paper', 'papers')
  const coauthor = (name: string) => {
    const slug = options.slugs?.get(name)
    return slug === undefined ? name : html`<a href="${href(routes.author(slug))}">${name}</a>`
  }
  return layout(site, {
    title: author.name,
    route: routes.author(author.slug),
    description: `${total} by ${author.name}: ${author.counts.map((count) => `${count.name} ${count.year}`).join(', ')}.`,
    main: html`<nav class="crumbs" aria-label="Breadcrumb"><a href="${href('')}">Catalog</a> › ${author.name}</nav>
<h1>${author.name}</h1>
<p class="lead">${total}${author.counts.length > 0 ? ': ' : ''}${author.counts.map(
      (count, i) =>
        html`${i > 0 ? ' · ' : ''}<a href="${href(routes.listing(count.venue, count.year))}">${count.name} ${count.year}</a> (${formatCount(count.count)})`,
    )}</p>
<ol class="papers author-papers">
${author.papers.map((paper) => {
  const others = paper.authors.filter((name) => name !== author.name && name.trim() !== '')
  return html`<li class="paper">
<h2><a href="${href(routes.paper(paper))}">${trustedHtml(paper.titleHtml)}</a></h2>
${others.length > 0 ? html`<p class="authors">With ${others.map((name, i) => html`${i > 0 ? ', ' : ''}${coauthor(name)}`)}</p>\n` : ''}<p class="meta"><a href="${href(routes.listing(paper.venue, paper.year))}">${venueYearLabel(paper)}</a></p>
</li>
`
})}</ol>`,
  })
}
