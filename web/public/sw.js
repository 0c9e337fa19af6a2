// liqheat service worker: an offline shell. The page (/) and its bundled assets are cached;
// navigation is network-first (falls back to the cached shell), hashed assets cache-first,
// and the API is never cached (offline, the page says it cannot reach the server).
const CACHE = 'liqheat-shell-v1'
const SHELL = ['/', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png']

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE)
      await cache.addAll(SHELL)
      const html = await (await fetch('/', { cache: 'no-store' })).text()
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1])
      await cache.addAll(assets)
      await self.skipWaiting()
    })(),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key)
      await self.clients.claim()
    })(),
  )
})

self.addEventListener('fetch', (event) => {
  const req = event.request
  const url = new URL(req.url)
  if (req.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/'))
    return
  if (req.mode === 'navigate') {
    event.respondWith(
      (async () => {
        try {
          const res = await fetch(req)
          const cache = await caches.open(CACHE)
          await cache.put('/', res.clone())
          return res
        } catch {
          return (await caches.match('/')) ?? Response.error()
        }
      })(),
    )
    return
  }
  event.respondWith(
    (async () => {
      const hit = await caches.match(req)
      if (hit) return hit
      const res = await fetch(req)
      if (res.ok && url.pathname.startsWith('/assets/'))
        (await caches.open(CACHE)).put(req, res.clone())
      return res
    })(),
  )
})
