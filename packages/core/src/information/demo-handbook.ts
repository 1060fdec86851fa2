import { Database, type DatabaseError, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import { sql } from "kysely"
import { demoTenants } from "../demo/seed.ts"
import { findTenantByCode, type TenantNotFound } from "../tenants/directory.ts"
import { publishHandbookVersion } from "./handbook.ts"

/**
 * The handbook (cẩm nang) a demo tenant starts with: what a member going abroad privately
 * needs to know, drawn from Regulation 86-QĐ/TW (28/10/2022) and Guidance 30-HD/BTCTW
 * (23/4/2025). A tenant edits or replaces them by publishing new versions.
 */
export const DEMO_HANDBOOK: ReadonlyArray<{ readonly slug: string; readonly title: string; readonly body: string }> = [
  {
    slug: "truoc-chuyen-di-viec-rieng",
    title: "Trước chuyến đi việc riêng: xin phép thế nào?",
    body: `Đảng viên ra nước ngoài vì việc riêng — du lịch, thăm thân nhân, chữa bệnh — phải báo cáo và được cấp ủy có thẩm quyền đồng ý **trước khi đi** (Quy định 86-QĐ/TW ngày 28/10/2022 của Ban Bí thư; Hướng dẫn 30-HD/BTCTW ngày 23/4/2025 của Ban Tổ chức Trung ương).

## Hồ sơ cần chuẩn bị

1. **Đơn đề nghị** (mẫu Phụ lục I): thời gian đi và về dự kiến, nước đến, mục đích, nguồn kinh phí (tự túc, ngân sách, tài trợ của nước ngoài), những người cùng đi.
2. Nếu đi thăm thân nhân đang ở nước ngoài: **Bản cam kết** về thân nhân ở nước ngoài (mẫu Phụ lục II).
3. Giấy mời, thư bảo lãnh hoặc chương trình chuyến đi, nếu có.

## Trình tự

1. Nộp đơn cho chi bộ nơi mình sinh hoạt; **chi bộ cho ý kiến**.
2. **Cấp ủy có thẩm quyền quyết định** đồng ý hay không đồng ý: cấp ủy trực tiếp quản lý đảng viên và cấp ủy nơi đảng viên sinh hoạt. Đảng viên thuộc diện cấp ủy cấp trên quản lý thì đơn được chuyển lên cấp ủy đó.
3. Chỉ đi khi đã có ý kiến đồng ý. Nộp đơn sớm để chi bộ và cấp ủy kịp xem xét.

## Khi nào chưa được xem xét cho đi

Đảng viên **đang bị xem xét kỷ luật**, **đang bị điều tra**, hoặc **có vấn đề chính trị chưa được kết luận** thì chưa được xem xét cho ra nước ngoài vì việc riêng.

## Trên ứng dụng

Lập đơn đề nghị ở mục *Chuyến đi*, theo dõi ý kiến của chi bộ và quyết định của cấp ủy; các thay đổi về ngày đi, nước đến phải được cập nhật trước khi đi.`,
  },
  {
    slug: "nghia-vu-khi-o-nuoc-ngoai",
    title: "Nghĩa vụ của đảng viên trong thời gian ở nước ngoài",
    body: `Trong thời gian ở nước ngoài, đảng viên chấp hành nghiêm các quy định sau (Hướng dẫn 30-HD/BTCTW):

- **Không mang theo tài liệu bí mật** của Đảng, Nhà nước khi chưa được cấp có thẩm quyền cho phép; **không làm lộ, tiết lộ bí mật** của Đảng, Nhà nước dưới bất kỳ hình thức nào.
- **Không mang về nước** tài liệu, văn hóa phẩm có nội dung bị cấm.
- **Báo cáo** với cấp ủy khi được tặng giải thưởng, danh hiệu của nước ngoài, hoặc khi được mời tham gia, trở thành thành viên của tổ chức nước ngoài.
- **Báo cáo** với cấp ủy khi kết hôn với người nước ngoài hoặc có thay đổi về quốc tịch.
- **Báo cáo** các lời mời, tài trợ của tổ chức, cá nhân nước ngoài chưa có trong đơn đề nghị đã được đồng ý.
- **Giữ liên lạc** với chi bộ, cấp ủy; **đóng đảng phí** đầy đủ.
- Ở đúng nước đến, đúng thời gian đã được đồng ý. Cần ở lâu hơn thì phải **xin phép gia hạn** trước khi hết hạn (xem bài “Sau khi về nước”).

## Ở lại dài ngày

Tùy thời gian ở nước ngoài, việc sinh hoạt đảng được bố trí khác nhau: có thể lập tổ đảng hoặc chi bộ tạm thời khi có từ 3 đảng viên cùng đi; ở trên 3 tháng thì chuyển sinh hoạt đảng tạm thời; từ 12 tháng trở lên thì chuyển sinh hoạt đảng chính thức qua Đảng ủy Bộ Ngoại giao. Hỏi cấp ủy của mình trước khi đi nếu chuyến đi có thể kéo dài.

## Vi phạm

Đi nước ngoài không báo cáo hoặc chưa được đồng ý, không báo cáo việc nhận lời mời, tài trợ của nước ngoài là vi phạm và bị xem xét xử lý kỷ luật theo quy định của Đảng.`,
  },
  {
    slug: "sau-khi-ve-nuoc",
    title: "Sau khi về nước: báo cáo kết quả chuyến đi",
    body: `## Báo cáo kết quả chuyến đi

Sau khi về nước, đảng viên nộp **Báo cáo kết quả chuyến đi** (mẫu Phụ lục III) cho chi bộ và cấp ủy **trong thời hạn của đơn vị**: có đơn vị quy định 7 ngày làm việc, có đơn vị 15 ngày. Thời hạn của đơn vị mình hiển thị trên ứng dụng cùng với chuyến đi. Ngày làm việc không tính thứ Bảy, Chủ nhật và các ngày nghỉ lễ, Tết (kể cả Tết Nguyên đán, Giỗ Tổ Hùng Vương).

Báo cáo nêu:

- ngày đi, ngày về thực tế; nước và nơi đã đến;
- các hoạt động chính trong chuyến đi;
- việc chấp hành các quy định của Đảng và Nhà nước;
- các việc phát sinh cần báo cáo: quà tặng, lời mời, tài trợ, tiếp xúc với tổ chức, cá nhân nước ngoài.

Chi bộ và cấp ủy cho ý kiến nhận xét về báo cáo.

## Về muộn hoặc cần ở lại lâu hơn

Nếu cần ở lại quá thời gian đã được đồng ý, phải **xin phép cấp ủy trước khi hết hạn** (đi công tác thì cần cả ý kiến của người đứng đầu cơ quan đại diện Việt Nam). Không ghi nhận ngày về sau ngày dự kiến, hoặc không nộp báo cáo đúng hạn, hệ thống sẽ nhắc và cấp ủy có thể xem xét xử lý vi phạm.

## Sau thời gian dài ở nước ngoài

Đảng viên về nước sau thời gian dài sinh hoạt đảng ở nước ngoài làm **bản tự kiểm điểm** có xác nhận của tổ chức đảng nơi sinh hoạt ở nước ngoài, rồi làm thủ tục chuyển sinh hoạt đảng về nước.`,
  },
  {
    slug: "khi-gap-su-co-o-nuoc-ngoai",
    title: "Khi gặp sự cố ở nước ngoài",
    body: `## Liên hệ bảo hộ công dân

- **Đại sứ quán, Tổng Lãnh sự quán Việt Nam** nơi gần nhất: ghi sẵn địa chỉ và số điện thoại trước khi đi (trang Cục Lãnh sự, Bộ Ngoại giao: lanhsuvietnam.gov.vn).
- **Tổng đài bảo hộ công dân** của Cục Lãnh sự, Bộ Ngoại giao: **+84 981 84 84 84** (24/7).

## Mất hộ chiếu

1. Báo ngay cho cảnh sát sở tại và xin biên bản xác nhận mất.
2. Liên hệ cơ quan đại diện Việt Nam để được cấp giấy tờ về nước.
3. Mang theo và lưu riêng bản sao hộ chiếu, thị thực, vé về, bảo hiểm du lịch — bản giấy và bản điện tử.

## Ốm đau, tai nạn, bị giữ

- Gọi số khẩn cấp của nước sở tại; báo công ty bảo hiểm du lịch.
- Báo cơ quan đại diện Việt Nam; nếu bị cơ quan chức năng nước sở tại tạm giữ, có quyền đề nghị được liên hệ với cơ quan lãnh sự Việt Nam.

## Báo với tổ chức đảng

Khi điều kiện cho phép, báo cho chi bộ hoặc cấp ủy biết sự việc. Nếu vì sự cố mà phải về muộn, **xin gia hạn** ngay trên ứng dụng hoặc qua chi bộ, và ghi lại sự việc trong báo cáo kết quả chuyến đi.`,
  },
]

/**
 * Seeds the demo handbook into each demo tenant whose handbook is empty; a tenant that has
 * any article is left as it is, so every start may call it. Written as the app role under
 * the tenant's row-level security. Returns how many articles each tenant received.
 */
export const seedDemoHandbook: Effect.Effect<
  ReadonlyArray<{ readonly tenant: string; readonly articles: number }>,
  DatabaseError | TenantNotFound,
  Database
> = Effect.forEach(demoTenants, (code) =>
  Effect.gen(function* () {
    const database = yield* Database
    const tenant = yield* database.withGlobal(findTenantByCode(code))
    return yield* database.withTenant(
      tenant.id,
      Effect.gen(function* () {
        // Two seeders at once wait for each other here, and the second finds the handbook full.
        yield* tenantQuery((db, tenantId) =>
          sql`select pg_advisory_xact_lock(hashtextextended(${`abroad_seed:handbook:${tenantId}`}, 0))`.execute(db),
        )
        const existing = yield* tenantQuery((db) =>
          db.selectFrom("handbook_article").select("id").limit(1).executeTakeFirst(),
        )
        if (existing !== undefined) return { tenant: code, articles: 0 }
        yield* Effect.forEach(DEMO_HANDBOOK, (article) => publishHandbookVersion({ ...article, publishedBy: null }))
        return { tenant: code, articles: DEMO_HANDBOOK.length }
      }),
    )
  }),
)
