import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ExchangeError } from '../core/errors.ts'
import { BybitRest } from './bybit/rest.ts'
import { OkxRest } from './okx/rest.ts'
import { testClock } from './test-helpers.ts'

const Okx = z.object({ code: z.string(), msg: z.string(), data: z.array(z.number()) })
const Bybit = z.object({
  retCode: z.number(),
  retMsg: z.string(),
  result: z.object({ list: z.array(z.number()) }),
})

describe('venue answer envelopes (checked once, by the REST client)', () => {
  it('OKX: code "0" passes the data through; any other code is an error naming the call', async () => {
    const rest = new OkxRest(testClock(0), undefined, false).rest
    const good = { code: '0', msg: '', data: [1, 2] }
    expect(await rest.call('candles', async () => good, Okx)).toEqual(good)
    const bad = rest.call('candles', async () => ({ code: '51001', msg: 'no inst', data: [] }), Okx)
    await expect(bad).rejects.toThrow(ExchangeError)
    await expect(bad).rejects.toThrow('okx candles: code 51001 no inst')
  })

  it('Bybit: retCode 0 passes; any other retCode is an error naming the call', async () => {
    const rest = new BybitRest(testClock(0), undefined, false).rest
    const good = { retCode: 0, retMsg: 'OK', result: { list: [3] } }
    expect(await rest.call('kline', async () => good, Bybit)).toEqual(good)
    const bad = rest.call(
      'kline',
      async () => ({ retCode: 10001, retMsg: 'params error', result: { list: [] } }),
      Bybit,
    )
    await expect(bad).rejects.toThrow('bybit kline: retCode 10001 params error')
  })
})
