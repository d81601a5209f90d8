import type { Component, InjectionKey } from 'vue'

/** One thing a row lets you do: its words (the button's name and tooltip), its icon, and what it does. */
export interface IconAction {
  id: string
  label: string
  icon: Component
  run: () => void
}

/**
 * The one menu a table has for its rows' ⋯ buttons: a row draws only a plain button, and the menu (with its keyboard,
 * focus and closing rules) is the table's, opened for the button pressed. A component per row, with its own state and
 * watchers, cost a tenth of each scrolled frame as rows came into view.
 */
export interface ActionsMenu {
  /** The button's name (whose actions, where there is a name) and its tooltip (every action it holds). */
  words(actions: IconAction[], name: string | undefined): { label: string; list: string }
  /** Opens the menu under `button` (focus on its first or last item), or closes it where it is open there. */
  toggle(button: HTMLButtonElement, actions: IconAction[], label: string, focus?: 'first' | 'last'): void
  /** Opens it (or moves focus in it) from the keyboard. */
  show(button: HTMLButtonElement, actions: IconAction[], label: string, focus: 'first' | 'last'): void
}

export const ACTIONS_MENU: InjectionKey<ActionsMenu> = Symbol('actions menu')
