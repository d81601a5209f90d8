import fc from 'fast-check'

/** Characters that break naive parsers: percent signs, slashes both ways, controls, non-ASCII, a lone surrogate. */
export const nasty = fc.constantFrom(
  '%',
  '%%',
  '%E0%A4%A',
  '%zz',
  '/',
  '//',
  '\\',
  '?',
  '#',
  '..',
  '\x00',
  '\x7f',
  '☃',
  '\ud800',
  ' ',
  ';',
  '=',
)
