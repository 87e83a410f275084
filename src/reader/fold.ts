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

const ascii = /^[\u0000-\u007f]*$/

/** Nothing outside ASCII: nothing to fold or normalise (most names and titles). */
export const isAscii = (value: string): boolean => ascii.test(value)

/**
 * Fold Latin text to ASCII where there is an obvious ASCII form: accents removed (`é` → `e`),
 * ligatures and compatibility forms expanded (`ﬁ` → `fi`), and the letters above spelled out.
 * Other characters (CJK, Cyrillic, punctuation) pass through for the caller to keep or drop.
 */
export function asciiFold(value: string): string {
  if (isAscii(value)) return value
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(letterPattern, (c) => letters[c] as string)
}

/**
 * Order strings by Unicode code point. `Array.prototype.sort` compares UTF-16 code units,
 * which puts astral characters before `U+E000`–`U+FFFF`; code points give one order everywhere
 * and do not depend on the locale data of the runtime (as `localeCompare` does).
 *
 * Code units are compared until the first that differ; only there can the two orders disagree,
 * so only there are code points read. Where the unit before is a high surrogate the two strings
 * share, the difference may be inside that code point (a lone surrogate is a code point of its
 * own, as the string iterator has it).
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    if (i > 0 && isHighSurrogate(a.charCodeAt(i - 1))) {
      const inPair = (a.codePointAt(i - 1) as number) - (b.codePointAt(i - 1) as number)
      if (inPair !== 0) return inPair
    }
    return (a.codePointAt(i) as number) - (b.codePointAt(i) as number)
  }
  // One is a prefix of the other in code units, so also in code points: the shorter first.
  return a.length - b.length
}

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff
