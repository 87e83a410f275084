import type { SiteContext } from '../../templates/context.ts'
import type { Config } from '../config.ts'
import { hrefFor } from './urls.ts'

/** What templates need besides their data: the config, link helpers and the bundle's files. */
export function createSiteContext(
  config: Config,
  assets: { css: string[]; js: string[] },
  names: Pick<SiteContext, 'authorSlugs' | 'bibtexKeys'> = { authorSlugs: new Map(), bibtexKeys: new Map() },
): SiteContext {
  const href = hrefFor(config.base)
  return {
    config,
    href,
    absolute: (route) => (config.siteUrl ? config.siteUrl + href(route) : undefined),
    assets: { css: assets.css, js: assets.js },
    authorSlugs: names.authorSlugs,
    bibtexKeys: names.bibtexKeys,
  }
}
