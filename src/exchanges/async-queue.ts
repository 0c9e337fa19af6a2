/**
 * A push → pull bridge: producers (WebSocket callbacks) `push`, one consumer iterates with
 * `for await`. Ends when `close()` is called; a consumer's `break` calls `onReturn` (used to abort
 * the producers). Unbounded: a consumer slower than the venue grows memory, see `size`.
 * @module
 */

export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private _items: T[] = []
  private _head = 0
  private _waiter: ((r: IteratorResult<T>) => void) | undefined
  private _closed = false

  constructor(private readonly _onReturn?: () => void) {}

  get size(): number {
    return this._items.length - this._head
  }

  push(item: T): void {
    if (this._closed) return
    const w = this._waiter
    if (w) {
      this._waiter = undefined
      w({ value: item, done: false })
      return
    }
    this._items.push(item)
  }

  close(): void {
    this._closed = true
    const w = this._waiter
    if (w && this.size === 0) {
      this._waiter = undefined
      w({ value: undefined, done: true })
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this._head < this._items.length) {
      const value = this._items[this._head++]
      if (this._head > 1024 && this._head * 2 > this._items.length) {
        this._items = this._items.slice(this._head)
        this._head = 0
      }
      return Promise.resolve({ value, done: false })
    }
    if (this._closed) return Promise.resolve({ value: undefined, done: true })
    return new Promise((resolve) => {
      this._waiter = resolve
    })
  }

  return(): Promise<IteratorResult<T>> {
    this._closed = true
    this._items = []
    this._head = 0
    this._onReturn?.()
    return Promise.resolve({ value: undefined, done: true })
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this
  }
}
