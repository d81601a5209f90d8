/**
 * What Whalebook's own notes beside the book's text are called, in both languages: the heading above them in a chapter
 * and the section a search hit on them names. Apart from the notes themselves, so that the page's first code carries
 * only these words.
 */
export const NOTES_NAME = { 'zh-CN': 'Whalebook 的补充说明', en: 'Notes from Whalebook' } as const
