import { Schema } from "effect"
import { BilingualMessage } from "../errors/api-error.ts"

/** The Idempotency-Key was already used for a different request (another body or another address). → 422 */
export class IdempotencyKeyReused extends Schema.TaggedError<IdempotencyKeyReused>()("IdempotencyKeyReused", {
  message: BilingualMessage,
}) {
  static readonly instance = () =>
    new IdempotencyKeyReused({
      message: {
        vi: "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác. Hãy tạo khóa mới cho mỗi yêu cầu mới.",
        en: "This Idempotency-Key was already used for a different request. Use a new key for each new request.",
      },
    })
}

/** The first request with this Idempotency-Key has not finished yet. → 409, try again shortly */
export class IdempotencyKeyInFlight extends Schema.TaggedError<IdempotencyKeyInFlight>()("IdempotencyKeyInFlight", {
  message: BilingualMessage,
}) {
  static readonly instance = () =>
    new IdempotencyKeyInFlight({
      message: {
        vi: "Yêu cầu trước với cùng Idempotency-Key đang được xử lý. Vui lòng thử lại sau giây lát.",
        en: "The earlier request with this Idempotency-Key is still being processed. Please try again shortly.",
      },
    })
}
