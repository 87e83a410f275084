/**
 * Keyboard shortcuts: `/` search, `j`/`k` next and previous paper on listing and result pages,
 * `o` open it, `?` this list. None fires while typing in a field or with a modifier held.
 */
const shortcuts: [string, string][] = [
  ['/', 'Focus the search box'],
  ['j', 'Next paper'],
  ['k', 'Previous paper'],
  ['o', 'Open the current paper'],
  ['↑ ↓', 'Move through search results'],
  ['?', 'Show these shortcuts'],
]

/** The paper links of the page, in order: listing entries, author page entries or search results. */
function paperLinks(root: ParentNode): HTMLAnchorElement[] {
  return [...root.querySelectorAll<HTMLAnchorElement>('.papers .paper h2 a, .results .result h3 a')]
}

export function setupShortcuts(doc: Document, searchInput: HTMLInputElement | null): void {
  let dialog: HTMLDialogElement | undefined
  let current = -1

  const move = (step: number) => {
    const links = paperLinks(doc)
    if (links.length === 0) return
    const focused = links.indexOf(doc.activeElement as HTMLAnchorElement)
    if (focused >= 0) current = focused
    current = Math.max(0, Math.min(links.length - 1, current + step))
    const link = links[current] as HTMLAnchorElement
    for (const item of doc.querySelectorAll('.current-paper')) item.classList.remove('current-paper')
    link.closest('li')?.classList.add('current-paper')
    link.focus()
    link.scrollIntoView({ block: 'nearest' })
  }

  const help = () => {
    if (!dialog) {
      dialog = doc.createElement('dialog')
      dialog.className = 'shortcuts'
      dialog.setAttribute('aria-labelledby', 'shortcuts-title')
      const title = doc.createElement('h2')
      title.id = 'shortcuts-title'
      title.textContent = 'Keyboard shortcuts'
      const list = doc.createElement('dl')
      for (const [key, what] of shortcuts) {
        const term = doc.createElement('dt')
        const kbd = doc.createElement('kbd')
        kbd.textContent = key
        term.append(kbd)
        const description = doc.createElement('dd')
        description.textContent = what
        list.append(term, description)
      }
      const close = doc.createElement('button')
      close.type = 'button'
      close.textContent = 'Close'
      close.addEventListener('click', () => dialog?.close())
      dialog.append(title, list, close)
      doc.body.append(dialog)
    }
    if (dialog.open) dialog.close()
    else dialog.showModal()
  }

  doc.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return
    const target = event.target as HTMLElement
    if (target.closest('input, textarea, select, [contenteditable="true"]')) return
    switch (event.key) {
      case '/':
        if (!searchInput) return
        searchInput.focus()
        searchInput.select()
        break
      case 'j':
        move(1)
        break
      case 'k':
        move(-1)
        break
      case 'o': {
        const links = paperLinks(doc)
        const link = links[links.indexOf(doc.activeElement as HTMLAnchorElement)] ?? links[current]
        if (!link) return
        link.click()
        break
      }
      case '?':
        help()
        break
      default:
        return
    }
    event.preventDefault()
  })
}

/** Buttons `data-copy="<id>"` copy that element's text; they stay hidden without scripts. */
export function setupCopyButtons(doc: Document): void {
  for (const button of doc.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    const source = doc.getElementById(button.dataset.copy ?? '')
    if (!source || !navigator.clipboard) continue
    const label = button.textContent ?? 'Copy'
    button.hidden = false
    button.addEventListener('click', () => {
      navigator.clipboard.writeText(source.textContent ?? '').then(
        () => {
          button.textContent = 'Copied'
          setTimeout(() => {
            button.textContent = label
          }, 2000)
        },
        () => {
          button.textContent = 'Copy failed: select the text instead'
        },
      )
    })
  }
}
