import { z } from 'zod'

/**
 * A request frame of the serve bridge: the method and params are checked by the dispatcher. Apart from transport.ts,
 * whose names the page imports, so that the page's bundle never carries zod for a schema only main checks.
 */
export const WsRequestFrameSchema = z.object({
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  method: z.unknown(),
  params: z.unknown(),
})
