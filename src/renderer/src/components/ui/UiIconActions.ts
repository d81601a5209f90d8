import { h, inject, type FunctionalComponent } from 'vue'
import { Ellipsis } from '@lucide/vue'
import UiIconButton from './UiIconButton.vue'
import { ACTIONS_MENU, type IconAction } from './actions-menu'

export type { IconAction }

interface Props {
  actions: IconAction[]
  testidPrefix: string
  /** Whose actions these are (a row's key): a list that shows another item in the same place closes the menu. */
  of?: string
  /** What they act on, as the row shows it (a container's name, an image's tag): the button's name says it. */
  name?: string
}

/**
 * A row's actions, from one list: a single action as its icon button; several behind one plain ⋯ button
 * (`<testidPrefix>-actions`) that opens its table's one menu (actions-menu.ts). No state of its own: a table draws this
 * for every row that scrolls into view.
 */
const UiIconActions: FunctionalComponent<Props> = (props) => {
  const { actions, testidPrefix } = props
  const [only] = actions
  if (actions.length === 1 && only)
    return h(UiIconButton, { label: only.label, testid: `${testidPrefix}-${only.id}`, onClick: () => only.run() }, () =>
      h(only.icon, { size: 13, 'aria-hidden': 'true' }),
    )
  const menu = inject(ACTIONS_MENU)
  if (actions.length < 2 || !menu) return null
  const { label, list } = menu.words(actions, props.name)
  return h(
    'button',
    {
      type: 'button',
      class: 'icon',
      'aria-label': label,
      title: list,
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
      'data-testid': `${testidPrefix}-actions`,
      // Which item and actions the button stands for: the menu open for it closes when they change.
      'data-actions': `${props.of ?? ''} ${actions.map((a) => a.id).join()}`,
      onClick: (e: MouseEvent) => menu.toggle(e.currentTarget as HTMLButtonElement, actions, label),
      onKeydown: (e: KeyboardEvent) => {
        if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
        e.preventDefault()
        menu.show(e.currentTarget as HTMLButtonElement, actions, label, e.key === 'ArrowDown' ? 'first' : 'last')
      },
    },
    [h(Ellipsis, { size: 13, 'aria-hidden': 'true' })],
  )
}
UiIconActions.props = ['actions', 'testidPrefix', 'of', 'name']

export default UiIconActions
