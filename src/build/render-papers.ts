import { renderAbstract, renderTitle } from '../markdown/render.ts'
import type { Paper, RenderedPaper } from '../paper.ts'

/** Render a paper's markdown fields for the pages. */
export function renderPaper(paper: Paper): RenderedPaper {
  const title = renderTitle(paper.title)
  const abstract = renderAbstract(paper.abstract)
  return { ...paper, titleHtml: title.html, titleText: title.text, abstractHtml: abstract.html, abstractText: abstract.text }
}
