import { defineStore } from 'pinia'
import { ref } from 'vue'

export const PANEL_TABS = [
  'containers',
  'images',
  'volumes',
  'networks',
  'disk',
  'history',
  'lablog',
  'gpu',
  'registry',
] as const
export type PanelTab = (typeof PANEL_TABS)[number]

/** Which resource panel is shown: other parts of the UI (a failed pull's "set up a mirror") can bring one forward. */
export const usePanelsStore = defineStore('panels', () => {
  const tab = ref<PanelTab>('containers')
  function show(next: PanelTab): void {
    tab.value = next
  }
  return { tab, show }
})
