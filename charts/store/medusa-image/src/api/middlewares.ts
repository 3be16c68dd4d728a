// Medusa marks its session cookie `Secure; SameSite=None` whenever NODE_ENV=production, so over plain HTTP
// (the chart's default without TLS) the browser drops it and nobody can log in to the admin at /app.
// The chart sets STORE_COOKIE_SECURE=false only when the store's ingress has no TLS; then the cookie of a
// request that did not arrive over HTTPS is sent without `Secure` and as SameSite=Lax (the admin is served
// from the same origin). With TLS, Medusa's own settings stand.
import { defineMiddlewares } from "@medusajs/framework/http"
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"

function sessionCookieOverPlainHttp(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const cookie = (req as { session?: { cookie?: { secure?: boolean; sameSite?: unknown } } }).session?.cookie
  if (process.env.STORE_COOKIE_SECURE === "false" && cookie && !req.secure) {
    cookie.secure = false
    cookie.sameSite = "lax"
  }
  next()
}

export default defineMiddlewares({
  routes: [
    { matcher: "/auth", middlewares: [sessionCookieOverPlainHttp] },
    { matcher: "/admin", middlewares: [sessionCookieOverPlainHttp] },
    { matcher: "/store", middlewares: [sessionCookieOverPlainHttp] },
  ],
})
