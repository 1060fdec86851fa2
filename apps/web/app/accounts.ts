/** An account as `GET /api/t/{tenant}/users` answers it: never a hash, a key or a token. */
export interface Account {
  readonly id: string
  readonly username: string
  readonly displayName: string
  readonly totpEnrolled: boolean
  readonly lockedUntil: string | null
  readonly disabledAt: string | null
  readonly createdAt: string
}

export interface Grant {
  readonly id: string
  readonly userId: string
  readonly role: string
  readonly orgUnitId: string | null
  readonly memberId: string | null
  readonly grantedBy: string | null
  readonly createdAt: string
}

export interface PasswordReset {
  readonly token: string
  readonly expiresAt: string
}

export type AccountState = "accountDisabled" | "accountLocked" | "accountActive"

/** Disabled by an administrator, locked for a while by failed sign-ins, or active. */
export const accountState = (account: Account, now = new Date()): AccountState =>
  account.disabledAt !== null
    ? "accountDisabled"
    : account.lockedUntil !== null && new Date(account.lockedUntil) > now
      ? "accountLocked"
      : "accountActive"

export interface OrgUnit {
  readonly id: string
  readonly parentId: string | null
  readonly kind: "committee" | "subordinate_committee" | "grassroots_committee" | "cell"
  readonly name: string
  readonly path: string
  readonly depth: number
}
