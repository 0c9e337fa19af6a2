import { benchStore } from '../../bench/store.bench.ts'
console.log(await benchStore())
