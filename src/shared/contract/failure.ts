import { z } from 'zod'
import { FAILURE_KINDS } from '../docker/failure-kinds'

const FailureText = z.object({ what: z.string(), fix: z.string() })

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
})
export type DockerFailure = z.infer<typeof DockerFailure>
