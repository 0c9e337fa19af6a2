/**
 * Saved page layouts ("templates"): a name and a small JSON view object (tiers, venues, palette,
 * scaling, overlays…) that applies to any symbol and timeframe. Stored in a SQLite database
 * (`--db`, table `web_templates`) when one is configured, else in a JSON file under `./data/`.
 * @module
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { z } from 'zod'

export interface Template {
  readonly name: string
  readonly view: Readonly<Record<string, unknown>>
  /** UTC ms of the last save. */
  readonly updatedAt: number
}

export interface TemplateStore {
  list(): Template[]
  get(name: string): Template | undefined
  put(name: string, view: Readonly<Record<string, unknown>>): Template
  /** True if it existed. */
  delete(name: string): boolean
  close(): void
}

export const TEMPLATE_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/
export const MAX_TEMPLATES = 500

const scalar = z.union([z.string().max(200), z.number(), z.boolean(), z.null()])
/** A view: up to 64 keys, each a scalar or a short list of scalars. */
export const viewSchema = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'keys are short identifiers'),
    z.union([scalar, z.array(scalar).max(50)]),
  )
  .refine((o) => Object.keys(o).length <= 64, 'at most 64 settings')

export class JsonFileTemplateStore implements TemplateStore {
  private _items: Map<string, Template>

  constructor(private readonly _file: string) {
    this._items = new Map()
    if (fs.existsSync(_file)) {
      const raw: unknown = JSON.parse(fs.readFileSync(_file, 'utf8'))
      const parsed = z
        .array(z.object({ name: z.string(), view: viewSchema, updatedAt: z.number() }))
        .safeParse(raw)
      if (!parsed.success)
        throw new Error(`${_file}: not a templates file (${parsed.error.issues[0]?.message})`)
      for (const t of parsed.data) this._items.set(t.name, t)
    }
  }

  list(): Template[] {
    return [...this._items.values()].sort((a, b) => a.name.localeCompare(b.name))
  }
  get(name: string): Template | undefined {
    return this._items.get(name)
  }
  put(name: string, view: Readonly<Record<string, unknown>>): Template {
    const t: Template = { name, view, updatedAt: Date.now() }
    this._items.set(name, t)
    this._save()
    return t
  }
  delete(name: string): boolean {
    const had = this._items.delete(name)
    if (had) this._save()
    return had
  }
  close(): void {}

  private _save(): void {
    fs.mkdirSync(path.dirname(this._file), { recursive: true })
    const tmp = `${this._file}.tmp`
    fs.writeFileSync(tmp, JSON.stringify(this.list(), null, 1))
    fs.renameSync(tmp, this._file)
  }
}

export class SqliteTemplateStore implements TemplateStore {
  private readonly _db: Database.Database

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
    this._db = new Database(file)
    this._db.pragma('journal_mode = WAL')
    this._db.exec(
      'CREATE TABLE IF NOT EXISTS web_templates (name TEXT PRIMARY KEY, view TEXT NOT NULL, updated_at INTEGER NOT NULL)',
    )
  }

  private _row(r: unknown): Template | undefined {
    const row = z
      .object({ name: z.string(), view: z.string(), updated_at: z.number() })
      .safeParse(r)
    if (!row.success) return undefined
    const view = viewSchema.safeParse(JSON.parse(row.data.view))
    return view.success
      ? { name: row.data.name, view: view.data, updatedAt: row.data.updated_at }
      : undefined
  }

  list(): Template[] {
    const rows = this._db
      .prepare('SELECT name, view, updated_at FROM web_templates ORDER BY name')
      .all()
    return rows.map((r) => this._row(r)).filter((t): t is Template => t !== undefined)
  }
  get(name: string): Template | undefined {
    return this._row(
      this._db.prepare('SELECT name, view, updated_at FROM web_templates WHERE name = ?').get(name),
    )
  }
  put(name: string, view: Readonly<Record<string, unknown>>): Template {
    const updatedAt = Date.now()
    this._db
      .prepare(
        'INSERT INTO web_templates (name, view, updated_at) VALUES (?, ?, ?) ' +
          'ON CONFLICT(name) DO UPDATE SET view = excluded.view, updated_at = excluded.updated_at',
      )
      .run(name, JSON.stringify(view), updatedAt)
    return { name, view, updatedAt }
  }
  delete(name: string): boolean {
    return this._db.prepare('DELETE FROM web_templates WHERE name = ?').run(name).changes > 0
  }
  close(): void {
    this._db.close()
  }
}

export class MemoryTemplateStore implements TemplateStore {
  private readonly _items = new Map<string, Template>()
  list(): Template[] {
    return [...this._items.values()].sort((a, b) => a.name.localeCompare(b.name))
  }
  get(name: string): Template | undefined {
    return this._items.get(name)
  }
  put(name: string, view: Readonly<Record<string, unknown>>): Template {
    const t = { name, view, updatedAt: Date.now() }
    this._items.set(name, t)
    return t
  }
  delete(name: string): boolean {
    return this._items.delete(name)
  }
  close(): void {}
}
