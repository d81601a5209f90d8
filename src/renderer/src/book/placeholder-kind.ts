/**
 * What a step's template input names, from how the book spells it (`[cname]`, `<container>`, `<镜像1>`,
 * `[imagename:tag]`, `数据卷名`): its input then offers the existing ones of that kind. Undefined for anything else.
 */
export function placeholderKind(placeholder: string): 'container' | 'image' | 'volume' | 'network' | undefined {
  const p = placeholder.toLowerCase()
  if (/容器|container|cname|cid\b/.test(p)) return 'container'
  if (/镜像|image|repository|仓库名/.test(p)) return 'image'
  if (/数据卷|volume/.test(p)) return 'volume'
  if (/网络|network/.test(p)) return 'network'
  return undefined
}
