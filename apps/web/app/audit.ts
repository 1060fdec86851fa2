/** An entry of the tenant's audit log, as `GET /api/t/{tenant}/audit` answers it. */
export interface AuditEntry {
  readonly seq: number
  readonly occurredAt: string
  readonly actorUserId: string | null
  readonly actor: string
  readonly action: string
  readonly entityType: string | null
  readonly entityId: string | null
  readonly details: unknown
  readonly ip: string | null
}

/** An entry's details in one line: `key: value`, as the log keeps them (never a secret). */
export const detailsText = (details: unknown): string =>
  details === null || typeof details !== "object"
    ? details === null || details === undefined
      ? ""
      : String(details)
    : Object.entries(details as Record<string, unknown>)
        .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
        .join("; ")
