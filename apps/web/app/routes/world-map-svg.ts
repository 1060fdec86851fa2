import { baseMapSvg } from "../world-map/world-map.server.ts"

/**
 * `/world-map.svg`: every country in grey, the background of the map of members abroad. The
 * same for everyone and free of personal data, so it is public and kept by the browser.
 */
export const loader = () =>
  new Response(baseMapSvg(), {
    headers: { "Content-Type": "image/svg+xml; charset=utf-8", "Cache-Control": "public, max-age=86400" },
  })
