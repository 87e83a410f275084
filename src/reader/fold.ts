/**
 * Letters that Unicode does not decompose into an ASCII base letter plus marks, so NFKD alone
 * would drop them (`Łukasz` → `ukasz`). The list covers the Latin letters that occur in author
 * names; anything else without an ASCII form is dropped.
 */
const letters: Record<string, string> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
  ŋ: 'ng',
  Ŋ: 'NG',
}
const letterPattern = new RegExp(`[${Object.keys(letters).join('')}]`, 'g')

/**
 * Fold Latin text to ASCII where there is an obvious ASCII form: accents removed (`é` → `e`),
 * ligatures and compatibility forms expanded (`ﬁ` → `fi`), and the letters above spelled out.
 * Other characters (CJK, Cyrillic, punctuation) pass through for the caller to keep or drop.
 */
export function asciiFold(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(letterPattern, (c) => letters[c] as string)
}

/**
 * Order strings by Unicode code point. `Array.prototype.sort` compares UTF-16 code units,
 * which puts astral characters before `U+E000`–`U+FFFF`; code points give one order everywhere
 * and do not depend on the locale data of the runtime (as `localeCompare` does).
 */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]()
  const ib = b[Symbol.iterator]()
  for (;;) {
    const x = ia.next()
    const y = ib.next()
    if (x.done || y.done) return x.done === y.done ? 0 : x.done ? -1 : 1
    const cx = x.value.codePointAt(0) as number
    const cy = y.value.codePointAt(0) as number
    if (cx !== cy) return cx - cy
  }
}
