import { html } from '../src/html.ts'
import type { SiteContext } from './context.ts'
import { layout } from './layout.ts'

export function notFoundPage(site: SiteContext): string {
  return layout(site, {
    title: 'Page not found',
    main: html`<h1>Page not found</h1>
<p>There is no page at this address. The <a href="${site.href('')}">catalog</a> lists every venue and year.</p>`,
  })
}
