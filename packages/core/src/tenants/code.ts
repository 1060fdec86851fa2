/**
 * The tenant code (mã đơn vị) of a province: its name in lower-case ASCII without diacritics,
 * words joined by hyphens (`Hồ Chí Minh` → `ho-chi-minh`, `Bà Rịa - Vũng Tàu` → `ba-ria-vung-tau`).
 * It stands in URLs (`/api/t/ho-chi-minh/…`), so it must survive any keyboard and any proxy.
 * Text with no Latin letter or digit yields the empty string, which no tenant may have.
 */
export const tenantCode = (name: string): string =>
  name
    // Lower case first: lower-casing after decomposition could bring back a combining mark
    // (`İ` lower-cases to `i` + a dot above).
    .toLowerCase()
    .normalize("NFD")
    // đ is a letter of its own, not d with a mark: NFD does not decompose it.
    .replace(/đ/g, "d")
    .replace(/\p{Mn}/gu, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")

/** What a tenant code looks like: also the database's check on `tenant.code`. */
export const TENANT_CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/
