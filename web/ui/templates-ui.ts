/** Templates: save the layout by name, apply one to the current symbol/timeframe, delete. @module */
import { applyLayout, layoutOf, type ViewStore } from '../app/state.ts'
import { deleteTemplate, getJson, putTemplate, type Template } from '../client/api.ts'
import { h } from './dom.ts'

export async function renderTemplates(
  el: HTMLElement,
  store: ViewStore,
  notice: (msg: string) => void,
): Promise<void> {
  let list: Template[] = []
  try {
    list = (await getJson<{ templates: Template[] }>('/api/templates')).templates
  } catch (err) {
    notice(`templates: ${err instanceof Error ? err.message : String(err)}`)
  }
  const name = h('input', {
    type: 'text',
    placeholder: 'Layout name',
    maxlength: 64,
    id: 'template-name',
  })
  const pick = h(
    'select',
    { id: 'template-select', 'aria-label': 'saved layouts' },
    h('option', { value: '' }, list.length ? 'Saved layouts…' : 'No saved layouts'),
    ...list.map((t) => h('option', { value: t.name }, t.name)),
  )
  const refresh = () => void renderTemplates(el, store, notice)
  el.replaceChildren(
    h(
      'div',
      { class: 'row' },
      name,
      h(
        'button',
        {
          id: 'template-save',
          onclick: async () => {
            const n = name.value.trim()
            if (!n) return notice('give the layout a name')
            try {
              await putTemplate(n, layoutOf(store.state))
              notice(`saved “${n}”`)
              refresh()
            } catch (err) {
              notice(err instanceof Error ? err.message : String(err))
            }
          },
        },
        'Save',
      ),
    ),
    h(
      'div',
      { class: 'row' },
      pick,
      h(
        'button',
        {
          id: 'template-apply',
          onclick: () => {
            const t = list.find((x) => x.name === pick.value)
            if (t) {
              store.set(applyLayout(store.state, t.view))
              notice(`applied “${t.name}”`)
            }
          },
        },
        'Apply',
      ),
      h(
        'button',
        {
          class: 'danger',
          title: 'delete',
          onclick: async () => {
            if (!pick.value) return
            try {
              await deleteTemplate(pick.value)
              refresh()
            } catch (err) {
              notice(err instanceof Error ? err.message : String(err))
            }
          },
        },
        '✕',
      ),
    ),
  )
}
