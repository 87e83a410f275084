/** Run html-validate over every page of a built site. */
import { HtmlValidate, type RuleConfig, StaticConfigLoader } from 'html-validate'
import { listHtmlFiles, readText } from './site-files.ts'

/**
 * `html-validate:recommended`, with these overrides only:
 * - `doctype-style`: the HTML standard makes the doctype case-insensitive; the templates write
 *   `<!doctype html>` (as Prettier and most generators do). The rule still demands that one
 *   spelling, just the lower-case one.
 * - `long-title`: a paper page's `<title>` is the paper's title, which is often longer than 70
 *   characters; cutting it short to suit search-result snippets would lose the title itself.
 * - `no-inline-style`: KaTeX lays formulas out with `style` attributes (heights, offsets); no
 *   listing text can produce one (the hostile tests check that only KaTeX output carries them).
 */
export const siteRules: RuleConfig = {
  'doctype-style': ['error', { style: 'lowercase' }],
  'long-title': 'off',
  'no-inline-style': 'off',
}

let validator: HtmlValidate | undefined

export function htmlValidator(): HtmlValidate {
  validator ??= new HtmlValidate(new StaticConfigLoader({ extends: ['html-validate:recommended'], rules: siteRules }))
  return validator
}

export interface ValidationReport {
  pages: number
  /** `page:line:column: rule: message`, one per problem. */
  problems: string[]
}

/** Validate every `.html` file under `root` (or those `filter` keeps). */
export function validateSite(root: string, filter: (page: string) => boolean = () => true): ValidationReport {
  const pages = listHtmlFiles(root).filter(filter)
  const problems: string[] = []
  const hv = htmlValidator()
  for (const page of pages) {
    const report = hv.validateStringSync(readText(root, page), page)
    for (const result of report.results) {
      for (const m of result.messages) problems.push(`${page}:${m.line}:${m.column}: ${m.ruleId}: ${m.message}`)
    }
  }
  return { pages: pages.length, problems }
}
