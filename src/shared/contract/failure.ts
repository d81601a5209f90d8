import { z } from 'zod'
import { FAILURE_KINDS, MIRROR_OUTCOMES } from '../docker/failure-kinds'

const FailureText = z.object({ what: z.string(), fix: z.string() })

/** One configured mirror, asked after a pull failed: whether it works, or which request failed and how. */
export const MirrorCheck = z.object({
  url: z.string(),
  outcome: z.enum(MIRROR_OUTCOMES),
  /** The request that decided it: the registry's `/v2/` endpoint or the image's manifest. */
  at: z.enum(['v2', 'manifest']),
  /** Its HTTP status; null when no answer came. */
  status: z.number().int().nullable(),
  /** The network's or the server's own words. */
  detail: z.string(),
  ms: z.number(),
  /** The sentence that says it, in each of the app's languages. */
  text: z.object({ 'zh-CN': z.string(), en: z.string() }),
})
export type MirrorCheck = z.infer<typeof MirrorCheck>

/** Why something docker did failed, as the one classifier reads it (src/shared/docker/failure.ts). */
export const DockerFailure = z.object({
  kind: z.enum(FAILURE_KINDS),
  /** What the message named: `name`, `id`, `port`, `image`, `flag`, `executable`… */
  values: z.record(z.string(), z.string()),
  /** The registry host a failed request went to, when the message names one. */
  host: z.string().nullable(),
  /**
   * With mirrors configured: 'mirror' when the failure names a mirror, 'upstream' when it names another registry
   * (the engine tried its mirrors first, silently, then the upstream); null without mirrors or without a host.
   */
  via: z.enum(['mirror', 'upstream']).nullable(),
  /** The engine's (or the CLI's) own words, trimmed. */
  message: z.string(),
  /** What went wrong and what to do, in each of the app's languages. */
  text: z.object({ 'zh-CN': FailureText, en: FailureText }),
  /** After a failed pull with mirrors configured: each mirror, asked for `/v2/` and the image's manifest. */
  mirrors: z.array(MirrorCheck).optional(),
})
export type DockerFailure = z.infer<typeof DockerFailure>
