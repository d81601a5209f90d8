import { z } from 'zod'
import { isImageRef, isObjectName } from '../docker-names'

export const NoParams = z.object({}).strict()
export const Ok = z.object({ ok: z.literal(true) })

/** An image reference by the distribution grammar, or an image id: no spaces, no shell syntax, no leading '-'. */
export const ImageRef = z.string().min(1).max(512).refine(isImageRef, 'not an image reference or id')

/** A container, volume or network name or id, by the engine's grammar. */
export const ObjectName = z
  .string()
  .min(1)
  .max(255)
  .refine(isObjectName, 'not a container, volume or network name or id')
