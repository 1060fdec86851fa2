/**
 * The tenant code of a province: its name in lower-case ASCII without diacritics, words
 * joined by hyphens (`Hồ Chí Minh` → `ho-chi-minh`, `Bà Rịa - Vũng Tàu` → `ba-ria-vung-tau`).
 * It stands in URLs (`/api/t/ho-chi-minh/…`), so it must survive any keyboard and any proxy.
 */
export const tenantCode = (name: string): string =>
  name
    .normalize("NFD")
    // đ and Đ are letters of their own, not d with a mark: NFD does not decompose them.
    .replace(/[đĐ]/g, "d")
    .replace(/\p{Mn}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")

export const TENANT_CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/
