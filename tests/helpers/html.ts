/**
 * Parsing built pages into a DOM with html-validate's own parser (the same one the validation
 * tests use), so that tests query elements and attributes instead of matching markup with
 * regular expressions.
 */
import { type HtmlElement, HtmlValidate, Parser, StaticConfigLoader } from 'html-validate'
import { decodeEntities } from './entities.ts'

export type { HtmlElement } from 'html-validate'

let parser: Parser | undefined

/** Parse an HTML document; query the result with `querySelector(All)`, `getAttributeValue`, `textContent`. */
export function parseHtml(source: string): HtmlElement {
  if (!parser) {
    const validator = new HtmlValidate(new StaticConfigLoader({ extends: ['html-validate:recommended'] }))
    parser = new Parser(validator.getConfigForSync('page.html'))
  }
  return parser.parseHtml(source)
}

/** The decoded value of `name` on `element`, or `undefined` when absent. */
export function attr(element: HtmlElement, name: string): string | undefined {
  const value = element.getAttributeValue(name)
  return value === null ? undefined : decodeEntities(value)
}

/** Every element matching `selector`. */
export function all(root: HtmlElement, selector: string): HtmlElement[] {
  return [...root.querySelectorAll(selector)]
}

/** Decoded text content, with runs of white space made one space and trimmed. */
export function text(element: HtmlElement | null): string {
  return decodeEntities(element?.textContent ?? '')
    .replace(/\s+/g, ' ')
    .trim()
}
