import { describe, expect, it } from 'vitest'
import { html, SafeHtml } from './html.js'
import { renderMarkdown } from './markdown.js'

describe('html', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const name = '"><script>alert(1)</script>'
    expect(html`<a title="${name}">${name}</a>`.text).toBe('<a title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a>')
  })

  it('inserts SafeHtml as it is, joins arrays and leaves out null, undefined and false', () => {
    const items = ['<a>', 'b'].map((item) => html`<li>${item}</li>`)
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.text).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>0')
    expect(html`${new SafeHtml('<br>')}`.text).toBe('<br>')
  })
})

describe('renderMarkdown', () => {
  it('renders headings one level down, paragraphs, lists, code, bold and http links', () => {
    expect(renderMarkdown('# Title\n\nSome **bold** and `a < b`.\nSame paragraph.\n\n- one\n- two\n\n[docs](https://example.com/x)').text).toBe([
      '<h2>Title</h2>',
      '<p>Some <strong>bold</strong> and <code>a &lt; b</code>. Same paragraph.</p>',
      '<ul><li>one</li><li>two</li></ul>',
      '<p><a href="https://example.com/x" rel="nofollow noopener noreferrer">docs</a></p>',
    ].join('\n'))
  })

  it('keeps raw HTML as visible text, inside code fences too', () => {
    expect(renderMarkdown('<script>alert(1)</script>\n\n```\n</code><img src=x onerror=alert(1)>\n```').text).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<pre><code>&lt;/code&gt;&lt;img src=x onerror=alert(1)&gt;</code></pre>')
  })

  it('makes no link of a javascript: or data: target, nor lets a quote out of the href', () => {
    expect(renderMarkdown('[x](javascript:alert(1)) [y](data:text/html,hi)').text).toBe('<p>[x](javascript:alert(1)) [y](data:text/html,hi)</p>')
    expect(renderMarkdown('[z](https://e.com/"onmouseover="x)').text).toBe('<p><a href="https://e.com/&quot;onmouseover=&quot;x" rel="nofollow noopener noreferrer">z</a></p>')
  })

  it('does not turn markup inside code spans into elements', () => {
    expect(renderMarkdown('`**not bold** [a](https://e.com)`').text).toBe('<p><code>**not bold** [a](https://e.com)</code></p>')
  })
})
