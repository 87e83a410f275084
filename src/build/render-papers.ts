import { renderAbstract, renderTitle } from '../markdown/render.ts'
import type { Paper, RenderedPaper } from '../paper.ts'

/** A paper's markdown fields and what they render to, as a build keeps them for the next one. */
export type RenderedFields = [title: string, abstract: string, titleHtml: string, titleText: string, abstractHtml: string, abstractText: string]

/** Render a paper's markdown fields for the pages. */
export function renderPaper(paper: Paper): RenderedPaper {
  const title = renderTitle(paper.title)
  const abstract = renderAbstract(paper.abstract)
  return { ...paper, titleHtml: title.html, titleText: title.text, abstractHtml: abstract.html, abstractText: abstract.text }
}

export const renderedFields = (paper: RenderedPaper): RenderedFields => [
  paper.title,
  paper.abstract,
  paper.titleHtml,
  paper.titleText,
  paper.abstractHtml,
  paper.abstractText,
]

/** `renderPaper`, but a paper whose title and abstract an earlier render had takes that render's output. */
export function renderPaperReusing(earlier: readonly RenderedFields[]): (paper: Paper) => RenderedPaper {
  const known = new Map(earlier.map((fields) => [renderKey(fields[0], fields[1]), fields]))
  return (paper) => {
    const fields = known.get(renderKey(paper.title, paper.abstract))
    return fields ? { ...paper, titleHtml: fields[2], titleText: fields[3], abstractHtml: fields[4], abstractText: fields[5] } : renderPaper(paper)
  }
}

const renderKey = (title: string, abstract: string) => `${title}\u0000${abstract}`
