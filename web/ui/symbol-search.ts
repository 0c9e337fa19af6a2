/** Symbol search: `/` opens it, type to filter, Enter picks the first match, Esc closes. @module */
import { h } from './dom.ts'

export class SymbolSearch {
  private readonly _dialog: HTMLDialogElement
  private readonly _input: HTMLInputElement
  private readonly _list: HTMLUListElement
  private _symbols: string[] = []

  constructor(private readonly _pick: (symbol: string) => void) {
    this._input = h('input', {
      type: 'search',
      placeholder: 'Search symbol…',
      autocomplete: 'off',
      spellcheck: 'false',
      id: 'symbol-input',
    })
    this._list = h('ul', { class: 'search-list' })
    this._dialog = h(
      'dialog',
      { class: 'search', id: 'symbol-search' },
      this._input,
      this._list,
      h('p', { class: 'muted small' }, 'Enter picks · Esc closes'),
    )
    document.body.append(this._dialog)
    this._input.addEventListener('input', () => this._render())
    this._input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        const first = this._matches()[0]
        if (first) this._choose(first)
      }
    })
    this._dialog.addEventListener('click', (e) => {
      if (e.target === this._dialog) this._dialog.close()
    })
    document.addEventListener('keydown', (e) => {
      const t = e.target as HTMLElement | null
      const typing =
        t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')
      if (e.key === '/' && !typing) {
        e.preventDefault()
        this.open()
      }
    })
  }

  setSymbols(s: string[]): void {
    this._symbols = s
    this._render()
  }

  open(): void {
    this._input.value = ''
    this._render()
    if (!this._dialog.open) this._dialog.showModal()
    this._input.focus()
  }

  private _matches(): string[] {
    const q = this._input.value.trim().toUpperCase()
    return this._symbols.filter((s) => s.includes(q))
  }

  private _choose(s: string): void {
    this._dialog.close()
    this._pick(s)
  }

  private _render(): void {
    const m = this._matches()
    this._list.replaceChildren(
      ...(m.length
        ? m.map((s) => h('li', {}, h('button', { onclick: () => this._choose(s) }, s)))
        : [h('li', { class: 'muted' }, 'no symbol matches')]),
    )
  }
}
