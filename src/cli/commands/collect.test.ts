import { describe, expect, it } from 'vitest'
import { UsageError } from '../../core/errors.ts'
import { DEFAULT_OI_FULL_RES_MS } from '../../store/store.ts'
import { retentionPolicy } from './collect.ts'

const DAY = 86_400_000
const HOUR = 3_600_000

describe('collect retention policy', () => {
  it('thins open interest by default and keeps it as long as the 1m bars', () => {
    expect(retentionPolicy({})).toEqual({
      booksMs: 24 * HOUR,
      openInterestThinMs: DEFAULT_OI_FULL_RES_MS,
    })
    expect(retentionPolicy({ retain1mDays: '30' })).toEqual({
      barsMs: { '1m': 30 * DAY },
      booksMs: 24 * HOUR,
      openInterestMs: 30 * DAY,
      openInterestThinMs: DEFAULT_OI_FULL_RES_MS,
    })
    expect(
      retentionPolicy({ retain1mDays: '30', retainOiDays: '7', oiFullResHours: '1.5' }),
    ).toMatchObject({ openInterestMs: 7 * DAY, openInterestThinMs: 1.5 * HOUR })
  })

  it.each([
    ['retainOiDays', '--retain-oi-days', '-1'],
    ['retainOiDays', '--retain-oi-days', 'NaN'],
    ['oiFullResHours', '--oi-full-res-hours', '0'],
    ['oiFullResHours', '--oi-full-res-hours', 'abc'],
    ['retain1mDays', '--retain-1m-days', '-3'],
    ['retainBookHours', '--retain-book-hours', ''],
  ])('refuses %s %s %j naming the flag', (key, flag, value) => {
    const err = (() => {
      try {
        retentionPolicy({ [key]: value })
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(UsageError)
    expect((err as UsageError).flag).toBe(flag)
    expect((err as Error).message).toContain(`${flag}: '${value}' is not a positive number`)
  })
})
