/**
 * What must never be in rendered title or abstract HTML: script-capable elements, event
 * handler attributes, and `javascript:`/`data:`/`vbscript:` URLs. The HTML is parsed (text
 * such as `onerror=x` is harmless prose; only attributes count).
 */
import { decodeEntities } from '../helpers/entities.ts'
import { all, parseHtml } from '../helpers/html.ts'

const scriptCapable = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'form', 'style'])
const urlAttributes = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'srcset', 'background', 'cite', 'data', 'ping', 'lowsrc'])

/** Problems found in a fragment of rendered HTML; empty when it is safe. */
export function unsafeHtml(html: string): string[] {
  const problems: string[] = []
  // Text and attribute `<` is escaped by the serializer, so a raw `<script` can only be a tag.
  if (/<script/i.test(html)) problems.push('raw <script')
  const root = parseHtml(`<!doctype html><html lang="en"><head><title>t</title></head><body>${html}</body></html>`)
  for (const element of all(root, '*')) {
    const tag = element.tagName.toLowerCase()
    if (scriptCapable.has(tag)) problems.push(`<${tag}> element`)
    for (const attribute of element.attributes) {
      const key = attribute.key.toLowerCase()
      if (/^on/.test(key)) problems.push(`<${tag} ${key}=…> event handler`)
      if (key === 'style' && /url\(|expression\(/i.test(String(attribute.value ?? ''))) problems.push(`<${tag} style> with url()`)
      if (urlAttributes.has(key) && typeof attribute.value === 'string') {
        // Browsers ignore ASCII whitespace and control characters around and inside a scheme.
        const url = decodeEntities(attribute.value)
          .replace(/[\u0000-\u0020\u007f]/g, '')
          .toLowerCase()
        if (/^(?:javascript|data|vbscript):/.test(url)) problems.push(`<${tag} ${key}="${url.slice(0, 40)}">`)
      }
    }
  }
  return problems
}
