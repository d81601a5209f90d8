import { z } from 'zod'

export const NoParams = z.object({}).strict()
export const Ok = z.object({ ok: z.literal(true) })

/** An image reference as `docker run` / `docker pull` accept it: no spaces, no shell syntax. */
export const ImageRef = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-z0-9][a-z0-9._\-/:@]*$/i, 'not an image reference')
