import type { BilingualText } from "@abroad/plugin-sdk"

export const SIGNATURE_HEADER = "x-signature"
export const TIMESTAMP_HEADER = "x-timestamp"

const encoder = new TextEncoder()

const bytesOfHex = (hex: string): Uint8Array<ArrayBuffer> | undefined => {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return undefined
  const bytes = new Uint8Array(32)
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return bytes
}

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly message: BilingualText }

/**
 * Checks a request signed by the sender: `x-signature` is the hex HMAC-SHA256, keyed by the shared
 * secret, of `{x-timestamp}.{the exact body}`; `x-timestamp` is Unix seconds and must be within
 * `windowSeconds` of now. The timestamp is inside what is signed, so a captured request cannot be
 * replayed later with a fresh timestamp; within the window a replay changes nothing, since each
 * record is taken once by its id. Web Crypto's `verify` compares in constant time.
 */
export const checkSignature = async (
  headers: Readonly<Record<string, string>>,
  body: string,
  secret: string,
  now: Date,
  windowSeconds: number,
): Promise<SignatureCheck> => {
  const signature = headers[SIGNATURE_HEADER]
  const timestamp = headers[TIMESTAMP_HEADER]
  if (signature === undefined || timestamp === undefined) {
    return {
      ok: false,
      message: {
        vi: `Thiếu chữ ký: cần các tiêu đề ${SIGNATURE_HEADER} và ${TIMESTAMP_HEADER}.`,
        en: `Not signed: the ${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER} headers are required.`,
      },
    }
  }
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN
  if (Number.isNaN(seconds) || Math.abs(now.getTime() / 1000 - seconds) > windowSeconds) {
    return {
      ok: false,
      message: {
        vi: `Thời điểm ký (${TIMESTAMP_HEADER}) không hợp lệ hoặc lệch quá ${windowSeconds} giây so với máy chủ.`,
        en: `The signing time (${TIMESTAMP_HEADER}) is not valid or more than ${windowSeconds} seconds from the server's.`,
      },
    }
  }
  const wrong: SignatureCheck = {
    ok: false,
    message: {
      vi: "Chữ ký không đúng: nội dung hoặc khóa bí mật không khớp.",
      en: "The signature does not match the body and the shared secret.",
    },
  }
  const given = bytesOfHex(signature)
  if (given === undefined) return wrong
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "verify",
  ])
  const valid = await crypto.subtle.verify("HMAC", key, given, encoder.encode(`${timestamp}.${body}`))
  return valid ? { ok: true } : wrong
}
