const PREFIX = '\x1b[?2004'

/**
 * Follows whether the program in the terminal asked for bracketed paste (`ESC[?2004h` on, `ESC[?2004l` off), from its
 * output read by read. A sequence cut between two reads still counts: the end of a read that could begin one is kept
 * for the next. The output of a flood passes through here.
 */
export class BracketedPasteMode {
  on = false
  private carry = ''

  see(data: string): void {
    // A read with no ESC in it changes nothing and leaves nothing to carry. The engine's forward search for one
    // character is vectorised; its backward search for a string is not, and cost a flood more than all of main's
    // other reading of the output.
    if (!this.carry && data.indexOf('\x1b') === -1) return
    const text = this.carry ? this.carry + data : data
    this.carry = ''
    let at = text.lastIndexOf(PREFIX)
    while (at >= 0) {
      const mode = text[at + PREFIX.length]
      if (mode === 'h' || mode === 'l') {
        this.on = mode === 'h'
        break
      }
      if (mode === undefined) this.carry = text.slice(at)
      at = at > 0 ? text.lastIndexOf(PREFIX, at - 1) : -1
    }
    if (!this.carry) this.carry = partialPrefixAtEnd(text)
  }
}

/** The longest end of `text` that is a start of PREFIX (the sequence may go on in the next read). */
function partialPrefixAtEnd(text: string): string {
  // Almost every read ends far from an ESC: one native search says so.
  const esc = text.indexOf('\x1b', Math.max(0, text.length - (PREFIX.length - 1)))
  if (esc === -1) return ''
  for (let n = text.length - esc; n > 0; n--) {
    if (text.endsWith(PREFIX.slice(0, n))) return text.slice(-n)
  }
  return ''
}
