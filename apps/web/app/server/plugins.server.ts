import type { Bilingual } from "../i18n/language.ts"

/** A plugin as `GET /api/t/{tenant}/plugins…` answers it: the catalogue entry and this tenant's installation. */
export interface TenantPlugin {
  readonly id: string
  readonly version: string
  readonly name: Bilingual
  readonly description: Bilingual
  readonly capabilities: ReadonlyArray<string>
  readonly configSchema: { readonly [key: string]: unknown }
  readonly rules: ReadonlyArray<string>
  readonly fields: {
    readonly tripRequest: ReadonlyArray<{ readonly name: string; readonly label: Bilingual }>
    readonly tripReport: ReadonlyArray<{ readonly name: string; readonly label: Bilingual }>
    readonly member: ReadonlyArray<{ readonly name: string; readonly label: Bilingual }>
  }
  readonly events: ReadonlyArray<string>
  readonly installation: {
    readonly version: string
    readonly enabled: boolean
    /** Without its secrets: the API never answers them. */
    readonly config: { readonly [key: string]: unknown }
    readonly secretsSet: ReadonlyArray<string>
    readonly installedAt: string
    readonly updatedAt: string
  } | null
  readonly upgradeAvailable: boolean
}

export interface PluginIncident {
  readonly id: string
  readonly pluginId: string
  readonly pluginVersion: string
  readonly hook: string
  readonly kind: string
  readonly message: string
  readonly at: string
}

export interface PluginDelivery {
  readonly id: string
  readonly pluginId: string
  readonly eventId: string
  readonly eventType: string
  readonly entityType: string
  readonly entityId: string
  readonly occurredAt: string
  readonly status: "pending" | "delivered" | "parked"
  readonly inFlight: boolean
  readonly attempts: number
  readonly nextAttemptAt: string | null
  readonly lastAttemptAt: string | null
  readonly lastError: { readonly kind: string; readonly hook: string; readonly message: Bilingual } | null
  readonly deliveredAt: string | null
  readonly parkedAt: string | null
}

export interface DeliveryPage {
  readonly deliveries: ReadonlyArray<PluginDelivery>
  readonly next: string | null
}
