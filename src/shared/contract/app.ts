import { z } from 'zod'
import { NoParams } from './common'

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['ipc', 'ws']),
  platform: z.string(),
  locale: z.string(),
})
export type AppInfo = z.infer<typeof AppInfo>

export const appMethods = {
  'app.info': { params: NoParams, result: AppInfo },
} as const

export const appEvents = {
  /** The application menu asks the page to show one of its views (Help → About, Help → Getting started). */
  'app.navigate': z.object({ to: z.enum(['about', 'welcome']) }),
} as const
