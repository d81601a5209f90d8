/// <reference types="vite/client" />
// Vite's client types give `?raw` imports (the shell-integration scripts) and `import.meta.glob` (the bundled book).
