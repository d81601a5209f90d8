import { computed, onBeforeUnmount, ref, watch, type ComputedRef } from 'vue'
import { useSettingsStore } from '../stores/settings'
import { cellWidth, estimatedCellWidth, MIN_COLUMNS, paneWidthFor } from '../terminal/terminal-size'
import { firstPaint } from '../startup/first-paint'

/** The narrowest the book's reading column may be before the chapter list gives way to it. */
const READING_MIN_PX = 360
/** The most of the window the lab column takes, whatever the terminal would like. */
const LAB_MAX_PCT = 75
/**
 * The chapter list's narrowest: a title such as "2.2 使用 Docker 镜像" on at most two lines beside its number and count,
 * where a share of a small window alone would break it a character to a line; and its narrowest and widest share.
 */
const NAV_MIN_PX = 180
const NAV_MIN_PCT = 10
const NAV_MAX_PCT = 40

export interface WorkspaceLayout {
  /** The chapter list is shown, as a column or over the chapter. */
  navShown: ComputedRef<boolean>
  /** The chapter list is a column of the workspace. */
  navPane: ComputedRef<boolean>
  /**
   * The chapter list is shown over the chapter, the window being too narrow for it as a column (asked for by its
   * button or Ctrl+K): it closes as a chapter or a match is chosen.
   */
  navOverlay: ComputedRef<boolean>
  /** The window is too narrow for the chapter list as a column: its button opens and closes it over the chapter. */
  navAsOverlay: ComputedRef<boolean>
  /** Its share of the window as a column, and the least and most it may be dragged to. */
  navSize: ComputedRef<number>
  navMin: ComputedRef<number>
  navMax: ComputedRef<number>
  /** The least the reading column may be dragged to: room for a readable chapter. */
  contentMin: ComputedRef<number>
  /** The lab column's share of the window, and the least it may be dragged to: room for 80 terminal columns. */
  labSize: ComputedRef<number>
  labMin: ComputedRef<number>
  contentSize: ComputedRef<number>
  /** The chapter list's button and shortcuts: show or hide it, whatever hid it. */
  toggleNav(): void
  showNav(): void
  /** Closes the chapter list shown over the chapter (no change to a column). */
  closeOverlay(): void
}

/**
 * The workspace's columns. The terminal always gets room for 80 columns (`docker ps` must not wrap into unreadable
 * rows): the lab column is never narrower than that, and where the window is too narrow for the chapter list, the
 * reading column and such a terminal together, the chapter list gives way (its button brings it back).
 */
export function useWorkspaceLayout(): WorkspaceLayout {
  const settings = useSettingsStore()
  const width = ref(window.innerWidth)
  const onResize = (): void => {
    width.value = window.innerWidth
  }
  window.addEventListener('resize', onResize)
  onBeforeUnmount(() => window.removeEventListener('resize', onResize))
  /** Shown over the chapter on request although the window is narrow (until closed or the window grows). */
  const navForced = ref(false)

  // Measuring the terminal's font makes the browser find it (fontconfig, on Linux) before anything is drawn: the
  // first paint lays out by an estimate, and the terminal, which waits for it, gets the measured width.
  const fontMeasured = ref(false)
  void firstPaint.then(() => (fontMeasured.value = true))
  const cell = computed(() =>
    fontMeasured.value ? cellWidth(settings.fontSize) : estimatedCellWidth(settings.fontSize),
  )
  const labMin = computed(() =>
    Math.min(LAB_MAX_PCT, Math.ceil((paneWidthFor(MIN_COLUMNS, cell.value) / width.value) * 100)),
  )
  const labSize = computed(() => (settings.labCollapsed ? 0 : Math.max(settings.layout.lab, labMin.value)))
  const contentMin = computed(() => Math.max(25, Math.ceil((READING_MIN_PX / width.value) * 100)))
  const navMin = computed(() => Math.max(NAV_MIN_PCT, Math.ceil((NAV_MIN_PX / width.value) * 100)))
  const navMax = computed(() => Math.min(NAV_MAX_PCT, 100 - labSize.value - contentMin.value))
  // Too narrow when even the narrowest chapter list would leave the chapter too little room.
  const tooNarrow = computed(() => navMax.value < navMin.value)
  watch(tooNarrow, (narrow) => {
    if (!narrow) navForced.value = false
  })
  const navPane = computed(() => !settings.navCollapsed && !tooNarrow.value)
  const navOverlay = computed(() => !settings.navCollapsed && tooNarrow.value && navForced.value)
  const navShown = computed(() => navPane.value || navOverlay.value)
  const navSize = computed(() => Math.max(navMin.value, Math.min(settings.layout.nav, navMax.value)))
  const contentSize = computed(() => 100 - (navPane.value ? navSize.value : 0) - labSize.value)

  function showNav(): void {
    settings.navCollapsed = false
    if (tooNarrow.value) navForced.value = true
  }
  function toggleNav(): void {
    if (!navShown.value) return showNav()
    if (navOverlay.value) navForced.value = false
    else settings.navCollapsed = true
  }
  function closeOverlay(): void {
    navForced.value = false
  }
  return {
    navShown,
    navPane,
    navOverlay,
    navAsOverlay: tooNarrow,
    navSize,
    navMin,
    navMax,
    contentMin,
    labSize,
    labMin,
    contentSize,
    toggleNav,
    showNav,
    closeOverlay,
  }
}
