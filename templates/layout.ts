import { type Html, html, type Interpolation } from '../src/html.ts'
import type { SiteContext } from './context.ts'

export interface LayoutProps {
  /** Document title; the site name is appended. */
  title: string
  /** The route of this page, for the canonical URL; omit for pages without a fixed URL (404). */
  route?: string
  description?: string
  /** Extra elements for `<head>` (prev/next links, citation meta tags). */
  head?: Interpolation
  main: Interpolation
  /** Prefill of the header search box. */
  query?: string
}

// Every page carries this layout, 93,000 pages in a 27,000-paper site: a byte here is about
// 0.1 MB of output. So the header and footer are styled by place, not by class, and what only
// scripts need (the search box's autocomplete and spellcheck) is set by the script.
export function layout(site: SiteContext, props: LayoutProps): string {
  const { config, href } = site
  const canonical = props.route === undefined ? undefined : site.absolute(props.route)
  const page: Html = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${props.title === config.title ? config.title : `${props.title} · ${config.title}`}</title>
${props.description ? html`<meta name="description" content="${props.description}">\n` : ''}<link rel="icon" href="${href('favicon.svg')}">
${canonical ? html`<link rel="canonical" href="${canonical}">\n` : ''}${site.assets.css.map((css) => html`<link rel="stylesheet" href="${href(css)}">\n`)}${site.assets.js.map((js) => html`<script type="module" src="${href(js)}"></script>\n`)}${props.head ?? ''}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<a href="${href('')}">${config.title}</a>
<form role="search" action="${href('search/')}">
<input id="site-search" name="q" type="search" aria-label="Search papers" placeholder="Search papers (press /)"${props.query ? html` value="${props.query}"` : ''}>
<button type="submit">Search</button>
</form>
</header>
<main id="main">
${props.main}
</main>
<footer><a href="${href('data/catalog.json')}">Data (JSON)</a> · built with papershelf</footer>
</body>
</html>
`
  return page.value
}
