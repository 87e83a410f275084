import { escapeHtml } from '../html.ts'
import type { OutputFile } from './pages.ts'

/** The protocol's limit of URLs per sitemap file. */
const maxUrls = 50_000

/**
 * `sitemap.xml` for the given page URLs; past 50,000 URLs it becomes a sitemap index over
 * `sitemap-1.xml`, `sitemap-2.xml`, ….
 */
export function* sitemapFiles(urls: readonly string[], absolute: (route: string) => string): Generator<OutputFile> {
  const urlset = (list: readonly string[]) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${list.map((u) => `<url><loc>${escapeHtml(u)}</loc></url>\n`).join('')}</urlset>\n`
  if (urls.length <= maxUrls) {
    yield { path: 'sitemap.xml', content: urlset(urls) }
    return
  }
  const parts: string[] = []
  for (let i = 0; i * maxUrls < urls.length; i++) {
    const path = `sitemap-${i + 1}.xml`
    parts.push(path)
    yield { path, content: urlset(urls.slice(i * maxUrls, (i + 1) * maxUrls)) }
  }
  yield {
    path: 'sitemap.xml',
    content: `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${parts.map((p) => `<sitemap><loc>${escapeHtml(absolute(p))}</loc></sitemap>\n`).join('')}</sitemapindex>\n`,
  }
}

/**
 * `robots.txt`. The `Sitemap:` line must be a full URL (sitemaps.org); without a `siteUrl` the
 * sitemap's address is only a path, so the line is left out rather than written wrong.
 */
export function robotsTxt(sitemapUrl: string): OutputFile {
  const sitemap = /^https?:\/\//i.test(sitemapUrl) ? `\nSitemap: ${sitemapUrl}\n` : ''
  return { path: 'robots.txt', content: `User-agent: *\nAllow: /\n${sitemap}` }
}
