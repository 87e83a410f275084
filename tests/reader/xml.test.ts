import { describe, expect, it } from 'vitest'
import { parseXml } from './xml.ts'

describe('parseXml (the test helper that checks chart markup)', () => {
  it('should parse elements, attributes and entities', () => {
    expect(parseXml('<a x="1 &amp; 2"><b>&lt;c&gt;</b>\n</a>')).toEqual({
      tag: 'a',
      attrs: [['x', '1 & 2']],
      children: [{ tag: 'b', attrs: [], children: [], text: '<c>' }],
      text: '',
    })
  })

  it.each([
    ['unclosed', '<a><b></a>'],
    ['crossed', '<a><b></a></b>'],
    ['raw <', '<a>1 < 2</a>'],
    ['bare &', '<a>A & B</a>'],
    ['raw < in attribute', '<a x="<"></a>'],
    ['unquoted attribute', '<a x=1></a>'],
    ['duplicate attribute', '<a x="1" x="2"></a>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['trailing content', '<a></a><b></b>'],
    ['mixed content', '<a>text<b></b></a>'],
  ])('should reject %s markup', (_, source) => {
    expect(() => parseXml(source)).toThrow()
  })
})
