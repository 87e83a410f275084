/**
 * A link checker for a built site, working on files rather than over HTTP: every `href`/`src`
 * of every page that stays on the site must name an output file, and every `#fragment` must be
 * an `id` in the page it points into. More precise than a crawler about fragments, and fast
 * enough for the whole corpus.
 */
import { join } from 'node:path'
import { all, attr, type HtmlElement, parseHtml } from './html.ts'
import { fileForUrlPath, listHtmlFiles, readText } from './site-files.ts'

export interface LinkCheckOptions {
  /** Base path the site was built for (`/` or `/papers/`). */
  base: string
  /** The site's own origin when built with `siteUrl` (canonical links use it); default none. */
  siteUrl?: string
}

export interface BrokenLink {
  /** Page the link is on, relative to the site root. */
  page: string
  /** `a[href]`, `link[href]`, `script[src]`, … */
  element: string
  url: string
  reason: string
}

export interface LinkCheckReport {
  pages: number
  /** Links checked, internal and external. */
  links: number
  /** Links that leave the site (not followed). */
  external: number
  broken: BrokenLink[]
}

/** Attributes that hold a URL the browser follows or loads. */
const urlAttributes: [selector: string, attribute: string][] = [
  ['a[href]', 'href'],
  ['area[href]', 'href'],
  ['link[href]', 'href'],
  ['script[src]', 'src'],
  ['img[src]', 'src'],
  ['iframe[src]', 'src'],
  ['source[src]', 'src'],
  ['form[action]', 'action'],
]

/** Stand-in origin for resolving relative URLs. */
const siteOrigin = 'http://site.invalid'

export function checkLinks(root: string, options: LinkCheckOptions): LinkCheckReport {
  const pages = listHtmlFiles(root)
  const ids = new Map<string, Set<string>>()
  const documents = new Map<string, HtmlElement>()
  const documentOf = (page: string) => {
    let doc = documents.get(page)
    if (!doc) {
      doc = parseHtml(readText(root, page))
      documents.set(page, doc)
    }
    return doc
  }
  const idsOf = (page: string) => {
    let set = ids.get(page)
    if (!set) {
      set = new Set(all(documentOf(page), '[id]').map((element) => attr(element, 'id') ?? ''))
      ids.set(page, set)
    }
    return set
  }
  const report: LinkCheckReport = { pages: pages.length, links: 0, external: 0, broken: [] }
  const ownOrigin = options.siteUrl ? new URL(options.siteUrl).origin : undefined

  for (const page of pages) {
    const doc = documentOf(page)
    // 404.html is served at any address, so its links must not depend on where it is.
    const pageUrl = new URL(options.base + page.replace(/(^|\/)index\.html$/, '$1'), siteOrigin)
    for (const [selector, attribute] of urlAttributes) {
      for (const element of all(doc, selector)) {
        const raw = attr(element, attribute) ?? ''
        report.links++
        const broken = (reason: string) => report.broken.push({ page, element: selector, url: raw, reason })
        if (page === '404.html' && !/^(?:[a-z][a-z0-9+.-]*:|\/|#)/i.test(raw.trim())) {
          broken('relative URL on the 404 page, which is served at every missing address')
          continue
        }
        let url: URL
        try {
          url = new URL(raw, pageUrl)
        } catch {
          broken('not a valid URL')
          continue
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'mailto:') {
          broken(`unsafe or unexpected scheme ${url.protocol}`)
          continue
        }
        const internal = url.origin === siteOrigin || (ownOrigin !== undefined && url.origin === ownOrigin)
        if (!internal) {
          report.external++
          continue
        }
        const target = fileForUrlPath(root, options.base, url.pathname)
        if (target === undefined) {
          broken(`no file for ${url.pathname}`)
          continue
        }
        if (url.hash !== '' && url.hash !== '#') {
          if (!target.endsWith('.html')) {
            broken(`fragment on non-HTML file ${target}`)
            continue
          }
          const id = decodeURIComponent(url.hash.slice(1))
          if (!idsOf(target).has(id)) broken(`no id="${id}" in ${target}`)
        }
      }
    }
    // Keep memory flat on big sites: listing pages are re-parsed if a later page links into them.
    if (documents.size > 2000) documents.clear()
  }
  return report
}

/** One line per broken link, for readable assertion failures. */
export function formatBroken(broken: readonly BrokenLink[], root = ''): string[] {
  return broken.map((b) => `${join(root, b.page)}: ${b.element} ${JSON.stringify(b.url)}: ${b.reason}`)
}
