import { describe, expect, it } from 'vitest'
import { computed } from 'vue'
import { ensureLanguage, highlight, languageOf } from '../../src/renderer/src/book/code-highlight'

describe('code highlighting', () => {
  it('highlights the book’s own languages at once, from the first paint’s code', () => {
    expect(highlight('echo hi | grep h', 'bash')).toContain('hljs-built_in')
    expect(highlight('FROM ubuntu:22.04\nRUN apt-get update', 'Dockerfile')).toContain('hljs-keyword')
    expect(highlight('{"a": 1}', 'json')).toContain('hljs-attr')
    expect(highlight('services:\n  web:\n    image: nginx', 'yml')).toContain('hljs-attr')
    expect(highlight('ls -l', '')).toBe(highlight('ls -l', 'bash'))
  })

  it('shows any other language as plain, escaped text while its grammar is fetched, then highlighted, by itself', async () => {
    const code = 'import rospy\nprint("<hello>")'
    const html = computed(() => highlight(code, 'py'))
    expect(html.value).toBe('import rospy\nprint(&#34;&#60;hello&#62;&#34;)')
    await ensureLanguage('python')
    // Read in a computed (as a code block does), the arrival of the language alone redoes the highlighting.
    expect(html.value).toContain('<span class="hljs-keyword">import</span>')
    expect(html.value).toContain('&lt;hello&gt;')
  })

  it('leaves a language highlight.js does not know as plain text, never highlighted as something else', async () => {
    await ensureLanguage('no-such-language')
    expect(highlight('<b>x</b> & y', 'no-such-language')).toBe('&#60;b&#62;x&#60;/b&#62; &#38; y')
    expect(languageOf(' C++ ')).toBe('cpp')
  })
})
