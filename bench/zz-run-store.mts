import { benchStore } from './store.bench.ts'
for (const r of await benchStore()) console.log(`${r.name}: ${r.value} ${r.unit}`)
