/** The CPU an ELF file is built for, in Node's naming (x64, arm64, …). */
export function elfArch(file: string): string
/** The newest GLIBC_x.y version among the symbols a file imports, or null when it imports none. */
export function glibcNeeded(file: string): string | null
export function isAbove(version: string | null, floor: string): boolean
