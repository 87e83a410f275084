/** A parsed XML element: attributes in order, and either text or child elements. */
export interface XmlElement {
  tag: string
  attrs: [string, string][]
  children: XmlElement[]
  text: string
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" }

function decode(value: string, where: string): string {
  if (/[<]/.test(value)) throw new Error(`raw < in ${where}`)
  return value.replace(/&([^;\s&]*);?/g, (match, name: string) => {
    if (!match.endsWith(';')) throw new Error(`bare & in ${where}`)
    if (name in entities) return entities[name] as string
    if (/^#[0-9]+$/.test(name)) return String.fromCodePoint(Number(name.slice(1)))
    throw new Error(`unknown entity &${name}; in ${where}`)
  })
}

/**
 * A strict parser for the markup the chart renderer writes: elements with double-quoted
 * attributes, text, nothing else. Throws on anything not well-formed (unclosed or crossed tags,
 * raw `<` or `&`, duplicate attributes, text beside elements other than whitespace).
 */
export function parseXml(source: string): XmlElement {
  let pos = 0
  const name = /[A-Za-z][A-Za-z0-9:_-]*/y
  function element(): XmlElement {
    if (source[pos] !== '<') throw new Error(`expected < at ${pos}`)
    pos++
    name.lastIndex = pos
    const tag = name.exec(source)?.[0]
    if (!tag) throw new Error(`expected tag name at ${pos}`)
    pos += tag.length
    const attrs: [string, string][] = []
    const attr = /\s+([A-Za-z][A-Za-z0-9:_-]*)="([^"]*)"/y
    for (;;) {
      attr.lastIndex = pos
      const m = attr.exec(source)
      if (!m) break
      const attrName = m[1] as string
      if (attrs.some(([n]) => n === attrName)) throw new Error(`duplicate attribute ${attrName}`)
      attrs.push([attrName, decode(m[2] as string, `attribute ${attrName}`)])
      pos = attr.lastIndex
    }
    if (source[pos] !== '>') throw new Error(`expected > at ${pos} in <${tag}>`)
    pos++
    const children: XmlElement[] = []
    let text = ''
    for (;;) {
      const next = source.indexOf('<', pos)
      if (next < 0) throw new Error(`unclosed <${tag}>`)
      text += decode(source.slice(pos, next), `<${tag}>`)
      pos = next
      if (source.startsWith('</', pos)) {
        const close = `</${tag}>`
        if (!source.startsWith(close, pos)) throw new Error(`expected ${close} at ${pos}`)
        pos += close.length
        break
      }
      children.push(element())
    }
    if (children.length > 0 && text.trim() !== '') throw new Error(`mixed content in <${tag}>`)
    return { tag, attrs, children, text: children.length > 0 ? '' : text }
  }
  const root = element()
  if (source.slice(pos).trim() !== '') throw new Error('content after the root element')
  return root
}
