import { z } from 'zod'
import { NoParams, Ok } from './common'

export const Lang = z.enum(['zh-CN', 'en'])
export type Lang = z.infer<typeof Lang>
const ChapterId = z.string().regex(/^[0-9a-z.]{1,16}$/)

export const StepBadge = z.enum(['destructive', 'network', 'root'])
export type StepBadge = z.infer<typeof StepBadge>

export const LintFinding = z.object({
  kind: z.enum(['typographic-dash', 'backslash-not-at-end', 'missing-continuation', 'comment-in-continuation']),
  /** The offending text, as printed. */
  text: z.string(),
  /** The command as meant, runnable as it stands. */
  fixed: z.string(),
})
export type LintFinding = z.infer<typeof LintFinding>

export const TutorialStep = z.object({
  /** `<chapterId>/<n>`, the same in both editions. */
  id: z.string(),
  blockIndex: z.number().int(),
  /** `container` when the book types it at a container's prompt: it goes to the program running in the terminal. */
  where: z.enum(['host', 'container']),
  /** The command's lines as printed, prompts removed. */
  lines: z.array(z.string()),
  /** What Run sends (placeholders still in it). */
  command: z.string(),
  caption: z.string().nullable(),
  /** Syntax templates to fill before running: `[imagename:tag]`, `<镜像1>`, `username`… */
  placeholders: z.array(z.string()),
  /** Those of `placeholders` that may be left empty (a syntax line's optional `[...]` parts). */
  optional: z.array(z.string()),
  /**
   * What some of `placeholders` name, read from the CLI's usage (`docker search []`: a search term): the input is
   * labelled so, and offers the engine's containers or images. `book`: the value the book printed there, an object
   * of its author's machine (`docker exec -it 69d1 bash`), which the app replaced by an input.
   */
  inputs: z
    .record(
      z.string(),
      z.object({
        kind: z.enum(['container', 'image', 'volume', 'network', 'term']),
        book: z.string().nullable(),
      }),
    )
    .optional(),
  /** A command's syntax from the book's comments (`docker pull [选项] …`), to fill in rather than run as is. */
  syntax: z.boolean(),
  badges: z.array(StepBadge),
  lint: z.array(LintFinding),
  /** Ids of outdated-command notes (src/shared/tutorial/notes.ts) that apply. */
  notes: z.array(z.string()),
  /** A graphical program (a `bash gui` block): it runs with the display helper's flags (`display.prepare`). */
  gui: z.boolean().optional(),
})
export type TutorialStep = z.infer<typeof TutorialStep>

export const CodeBlock = z.object({
  index: z.number().int(),
  lang: z.string(),
  kind: z.enum(['shell', 'dockerfile', 'other']),
  code: z.string(),
  steps: z.array(TutorialStep),
})
export type CodeBlock = z.infer<typeof CodeBlock>

export const Heading = z.object({
  level: z.number().int(),
  text: z.string(),
  slug: z.string(),
  /** A heading of Whalebook's addendum to the chapter, not of the book. */
  addendum: z.boolean().optional(),
})

/** Whalebook's own text added after a chapter (never part of the book): shown after it and marked as ours. */
export const Addendum = z.object({
  markdown: z.string(),
  /** `markdown` rendered, as the chapter's `html`. */
  html: z.string(),
  /** The index in the chapter's `blocks` of the addendum's first code block (its blocks follow the book's). */
  firstBlock: z.number().int(),
})
export type Addendum = z.infer<typeof Addendum>

export const ChapterSummary = z.object({
  id: z.string(),
  title: z.string(),
  order: z.number().int(),
  lang: Lang,
  headings: z.array(Heading),
  stepIds: z.array(z.string()),
})
export type ChapterSummary = z.infer<typeof ChapterSummary>

export const Chapter = ChapterSummary.extend({
  markdown: z.string(),
  /**
   * `markdown` rendered by main, which reads the book once (the page has no markdown parser): raw HTML in the book is
   * escaped, links open outside the app, and each code block is an empty `<div id="wb-block-<index>">` for the page's
   * live block.
   */
  html: z.string(),
  blocks: z.array(CodeBlock),
  /** Each step's caption (the book's comment on it) rendered inline, by step id. */
  captionHtml: z.record(z.string(), z.string()),
  /** The outdated-command notes the chapter and its steps show, rendered inline in the chapter's language, by id. */
  noteHtml: z.record(z.string(), z.string()),
  /** The command each of those notes offers instead, by id, where it offers one. */
  noteModern: z.record(z.string(), z.string()),
  /** Notes that apply to the chapter's prose (Docker Toolbox, EOL images…). */
  notes: z.array(z.string()),
  /** Whalebook's addendum to the chapter; its steps and headings are the chapter's too, marked as the addendum's. */
  addendum: Addendum.nullable(),
})
export type Chapter = z.infer<typeof Chapter>

export const SearchHit = z.object({
  chapterId: z.string(),
  lang: Lang,
  chapterTitle: z.string(),
  section: z.string(),
  slug: z.string(),
  snippet: z.string(),
  score: z.number(),
})
export type SearchHit = z.infer<typeof SearchHit>

export const Progress = z.object({
  done: z.record(z.string(), z.object({ at: z.number(), auto: z.boolean() })),
  last: z.object({ chapterId: z.string(), slug: z.string().optional() }).nullable(),
  inputs: z.record(z.string(), z.record(z.string(), z.string())),
  /** When each chapter was last reset (ms): results of its steps' runs from before then are not shown. */
  resetAt: z.record(z.string(), z.number()),
  /** Set when the saved file was unreadable and had to be set aside. */
  warning: z.string().nullable(),
})
export type Progress = z.infer<typeof Progress>

export const About = z.object({
  title: z.string(),
  author: z.string(),
  github: z.string(),
  version: z.string(),
  date: z.string(),
  sources: z.array(z.object({ url: z.string(), label: z.string(), chapters: z.array(z.string()) })),
})
export type About = z.infer<typeof About>

export const tutorialMethods = {
  'tutorial.chapters': { params: z.object({ lang: Lang }).strict(), result: z.array(ChapterSummary) },
  // Without an id: the chapter the reader left off in (the first one before any), so that a page opening where the
  // reader left off can ask for it alongside the progress rather than after it.
  'tutorial.chapter': { params: z.object({ id: ChapterId.optional(), lang: Lang }).strict(), result: Chapter },
  'tutorial.search': {
    params: z.object({ query: z.string().max(200), lang: Lang.optional() }).strict(),
    result: z.object({ hits: z.array(SearchHit), tookMs: z.number() }),
  },
  'tutorial.about': { params: NoParams, result: About },
  'tutorial.progress': { params: NoParams, result: Progress },
  'tutorial.markStep': {
    params: z.object({ stepId: z.string().max(64), done: z.boolean() }).strict(),
    result: Progress,
  },
  'tutorial.setInputs': {
    params: z.object({ chapterId: ChapterId, inputs: z.record(z.string().max(64), z.string().max(1024)) }).strict(),
    result: Progress,
  },
  'tutorial.setLocation': {
    params: z.object({ chapterId: ChapterId, slug: z.string().max(256).optional() }).strict(),
    result: Ok,
  },
  /** The chapter's lab folder (created if needed), e.g. for `docker build .` in 2.4. */
  'tutorial.labDir': { params: z.object({ chapterId: ChapterId }).strict(), result: z.object({ path: z.string() }) },
  /** Saves a Dockerfile block of the chapter into its lab folder as `Dockerfile`. */
  'tutorial.saveLabFile': {
    params: z.object({ chapterId: ChapterId, blockIndex: z.number().int().min(0).max(1000) }).strict(),
    result: z.object({ path: z.string(), dir: z.string() }),
  },
} as const

export const ChapterResource = z.object({
  kind: z.enum(['container', 'image', 'volume', 'network']),
  id: z.string(),
  name: z.string(),
})
export type ChapterResource = z.infer<typeof ChapterResource>

/** Something a chapter's steps touched that Reset leaves alone, and why. */
export const KeptResource = ChapterResource.extend({
  /**
   * `had-before`: it was there before the step (an image already pulled, a tag it already had); `in-use`: a
   * container uses it (`by` names them); `renamed`: its name now names another image (rebuilt or retagged since).
   */
  reason: z.enum(['had-before', 'in-use', 'renamed']),
  by: z.array(z.string()),
})
export type KeptResource = z.infer<typeof KeptResource>

export const ResetPreview = z.object({ remove: z.array(ChapterResource), keep: z.array(KeptResource) })
export type ResetPreview = z.infer<typeof ResetPreview>

export const ChapterImage = z.object({
  /** As the engine names it: `nginx:latest`, `ubuntu:18.04`. */
  image: z.string(),
  present: z.boolean(),
  /** Its size on disk once it is here; null while it is missing. */
  size: z.number().nullable(),
  /** About how much a pull downloads (compressed), known offline for the images Whalebook knows; null otherwise. */
  downloadSize: z.number().nullable(),
  /** The steps that need it (`docker run`, `pull`, or a `docker build` whose Dockerfile starts FROM it). */
  steps: z.array(z.string()),
  /**
   * Set for an image no registry serves any more (or no current driver runs): the app's note that says so and the
   * modern image it names instead (null where there is none). Not among what "Get them all" pulls.
   */
  obsolete: z.object({ note: z.string(), modern: z.string().nullable() }).nullable(),
})
export type ChapterImage = z.infer<typeof ChapterImage>

export const tutorialResetMethods = {
  /** The images a chapter's steps need, present or missing: what to pull while there is a network. */
  'tutorial.chapterImages': { params: z.object({ chapterId: ChapterId }).strict(), result: z.array(ChapterImage) },
  /**
   * What "reset this chapter" would remove (what its steps created that still exists, safe to remove) and what it
   * keeps of what they touched, with the reason.
   */
  'tutorial.resetPreview': { params: z.object({ chapterId: ChapterId }).strict(), result: ResetPreview },
  'tutorial.reset': {
    params: z.object({ chapterId: ChapterId }).strict(),
    result: z.object({
      removed: z.array(ChapterResource),
      kept: z.array(KeptResource),
      failed: z.array(z.object({ name: z.string(), message: z.string() })),
    }),
  },
} as const

/** One way a step's outcome differs from what its command is meant to do, in terms the UI words for the learner. */
export const StepDifference = z.object({
  code: z.enum([
    /** The command failed: `exitCode`. */
    'exit',
    /** Nothing of this kind was made: `kind`, `name` (empty when the command did not name it). */
    'not-created',
    /** The container stopped right after starting: `exitCode`, and the end of its logs in `logTail`. */
    'stopped',
    /** A port asked for with -p is not published: `expected` (`8080:80/tcp`). */
    'port',
    /** A `--rm` container is still there. */
    'not-removed',
    /** The image does not have the layers expected: `expected`, `actual`. */
    'layers',
    /** Something the command should have removed is still there: `kind`, `name`. */
    'still-there',
    /** A container that should be running is not. */
    'not-running',
    /** A container that should be stopped is running. */
    'still-running',
    /** A ROS 2 listener's output shows nothing heard (`I heard: [Hello World: N]`): no talker reached it. */
    'not-heard',
  ]),
  kind: z.enum(['container', 'image', 'volume', 'network']).optional(),
  name: z.string(),
  exitCode: z.number().int().nullable().optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  logTail: z.string().max(2000).optional(),
})
export type StepDifference = z.infer<typeof StepDifference>

/** One thing a step's run was checked for and did: `running` web, `port` 80:80, `image` nginx:v2… */
export const StepCheck = z.object({
  code: z.enum(['created', 'running', 'port', 'removed', 'image', 'layers', 'volume', 'network', 'stopped', 'heard']),
  name: z.string(),
})
export type StepCheck = z.infer<typeof StepCheck>

export const tutorialEvents = {
  'tutorial.progressChanged': Progress,
} as const
