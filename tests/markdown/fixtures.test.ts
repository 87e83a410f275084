import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderAbstract } from '../../src/markdown/render.ts'
import { listMarkdown, repoRoot } from '../parse/harness.ts'

// `UPDATE_FIXTURES=1 npx vitest run tests/markdown` rewrites the expected `.html` files; review them.
const update = process.env.UPDATE_FIXTURES === '1'
const root = join(repoRoot, 'tests', 'fixtures', 'markdown')
const fixtures = listMarkdown(root)

describe('abstract rendering fixtures', () => {
  it('should find the markdown fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10)
  })

  for (const name of fixtures) {
    it(`should render ${name} as ${name.replace(/\.md$/, '.html')} says`, () => {
      // A fixture file ends with a newline; an abstract from the scanner does not.
      const source = readFileSync(join(root, name), 'utf8').replace(/\n$/, '')
      const html = `${renderAbstract(source).html}\n`
      const expectedPath = join(root, name.replace(/\.md$/, '.html'))
      if (update) {
        writeFileSync(expectedPath, html)
        return
      }
      expect(existsSync(expectedPath), `missing ${expectedPath}; run with UPDATE_FIXTURES=1 and review it`).toBe(true)
      expect(html).toBe(readFileSync(expectedPath, 'utf8'))
    })
  }
})
