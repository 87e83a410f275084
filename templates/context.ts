import type { Config } from '../src/config.ts'
import { formatCount } from '../src/reader/format-count.ts'

export { formatCount }

/** What every template may use besides its own data. */
export interface SiteContext {
  config: Config
  /** Route (`iclr/2021/`) → href under the base (`/papers/iclr/2021/`). */
  href: (route: string) => string
  /** Route → absolute URL when `siteUrl` is set, else `undefined`. */
  absolute: (route: string) => string | undefined
  /** Stylesheets and module scripts of the front-end bundle, as routes. */
  assets: { css: string[]; js: string[] }
  /** Author name → slug of their page, for the names the page shows; a name not here is plain text. */
  authorSlugs: ReadonlyMap<string, string>
  /** Paper id → BibTeX key, for the papers the page cites. */
  bibtexKeys: ReadonlyMap<string, string>
}

export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`
}
