import { encode } from "uqr"

/**
 * A QR code as the dark modules of an SVG path, drawn on the server: the secret of an
 * authenticator never goes to a third-party service or a client-side script. The path is
 * built from the matrix alone, so nothing of the encoded text reaches the markup.
 */
export const qrPath = (text: string): { readonly size: number; readonly path: string } => {
  const { data, size } = encode(text, { ecc: "M", border: 4 })
  const parts: string[] = []
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x} ${y}h1v1h-1z`)
    })
  })
  return { size, path: parts.join("") }
}
