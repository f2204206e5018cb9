import { escapeHtml, SafeHtml } from './html.js'

/**
 * A README as minimal markdown: headings, paragraphs, fenced code, bullet lists, `code`,
 * **bold** and http(s) links. The text is escaped before any markup is added, raw HTML in the
 * README stays visible text, and a link's target must start with http:// or https://.
 */
export function renderMarkdown(markdown: string): SafeHtml {
  const out: string[] = []
  const lines = markdown.replaceAll('\r\n', '\n').split('\n')
  let paragraph: string[] = []
  let list: string[] = []
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${paragraph.map(inline).join(' ')}</p>`)
    if (list.length > 0) out.push(`<ul>${list.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`)
    paragraph = []
    list = []
  }
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? ''
    if (line.startsWith('```')) {
      flush()
      const code: string[] = []
      for (index++; index < lines.length && !(lines[index] ?? '').startsWith('```'); index++) code.push(lines[index] ?? '')
      out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`)
      continue
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    const item = /^\s*[-*]\s+(.*)$/.exec(line)
    if (heading !== null) {
      flush()
      // The page's own h1 is the package name: README headings start at h2.
      const level = Math.min(6, (heading[1] ?? '#').length + 1)
      out.push(`<h${level}>${inline(heading[2] ?? '')}</h${level}>`)
    } else if (item !== null) {
      if (paragraph.length > 0) flush()
      list.push(item[1] ?? '')
    } else if (line.trim() === '') flush()
    else {
      if (list.length > 0) flush()
      paragraph.push(line.trim())
    }
  }
  flush()
  return new SafeHtml(out.join('\n'))
}

function inline(text: string): string {
  // Split out code spans first so nothing inside them becomes markup.
  return text.split(/(`[^`]+`)/).map((part) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1) return `<code>${escapeHtml(part.slice(1, -1))}</code>`
    return escapeHtml(part)
      .replaceAll(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replaceAll(/\[([^\]]+)\]\((https?:\/\/[^\s()]+)\)/g, '<a href="$2" rel="nofollow noopener noreferrer">$1</a>')
  }).join('')
}
