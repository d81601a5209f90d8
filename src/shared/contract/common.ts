import { z } from 'zod'

export const NoParams = z.object({}).strict()
export const Ok = z.object({ ok: z.literal(true) })
