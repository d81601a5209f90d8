import { defineAsyncComponent, h, type Component } from 'vue'
import LazyState from './LazyState.vue'

/** Fetching a part's code again before giving up: a backend busy starting, a dropped connection. */
const RETRIES = 2

/**
 * A part of the page (a panel, a dialog, a view, the terminal) whose code is a chunk of its own, fetched when the part
 * is first shown, so that the first paint needs only the shell, the book's navigation and the chapter. A fetch that is
 * slow shows "loading" after a moment; one that keeps failing says so, with a reload, instead of leaving a hole.
 */
export function lazy<T extends Component>(load: () => Promise<T | { default: T }>): T {
  return defineAsyncComponent({
    loader: load,
    loadingComponent: () => h(LazyState),
    errorComponent: () => h(LazyState, { failed: true }),
    delay: 200,
    onError: (_error, retry, fail, attempts) => (attempts <= RETRIES ? retry() : fail()),
  }) as T
}
