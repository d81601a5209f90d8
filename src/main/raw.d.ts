/** Files bundled as text by Vite's `?raw` suffix (the shell-integration scripts). */
declare module '*?raw' {
  const text: string
  export default text
}
