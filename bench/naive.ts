/**
 * The naive reference pipeline: every listing file rendered whole as one markdown document with
 * `unified().use(remarkParse).use(remarkRehype).use(rehypeStringify)`, one file after another.
 * It writes nothing and makes no pages; it is the floor of "just run the markdown toolchain over
 * the input" that the real build is compared with.
 *
 * CLI (prints a JSON line): node bin/run-ts.js bench/naive.ts --content <dir>
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import rehypeStringify from 'rehype-stringify'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'

export interface NaiveResult {
  /** Time to read, parse, transform and stringify every listing file, in seconds. */
  seconds: number
  /** Bytes of listing input. */
  bytes: number
  files: number
  /** Characters of HTML produced (kept, so that the work cannot be skipped). */
  htmlChars: number
}

/** Listing files as the site builder finds them: every `*.md` but `README.md`/`index.md`, in sorted order. */
export function listingFiles(content: string): string[] {
  const found: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name)
      if (entry.isDirectory() && !entry.name.startsWith('.')) walk(path)
      else if (entry.isFile() && /\.md$/i.test(entry.name) && !/^(readme|index)\.md$/i.test(entry.name)) found.push(path)
    }
  }
  walk(content)
  return found
}

/** Run the naive pipeline over every listing file under `content`, timed. */
export async function runNaive(content: string): Promise<NaiveResult> {
  const processor = unified().use(remarkParse).use(remarkRehype).use(rehypeStringify)
  const files = listingFiles(resolve(content))
  const started = performance.now()
  let bytes = 0
  let htmlChars = 0
  for (const path of files) {
    const buffer = readFileSync(path)
    bytes += buffer.length
    const html = await processor.process(buffer.toString('utf8'))
    htmlChars += String(html).length
  }
  return { seconds: (performance.now() - started) / 1000, bytes, files: files.length, htmlChars }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { content: { type: 'string' } } })
  if (!values.content) {
    process.stderr.write('usage: node bin/run-ts.js bench/naive.ts --content <dir>\n')
    process.exitCode = 2
  } else {
    const result = await runNaive(values.content)
    process.stdout.write(`${JSON.stringify(result)}\n`)
  }
}
