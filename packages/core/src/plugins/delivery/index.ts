export type { ClaimedDelivery, DeliveryError } from "./claims.ts"
export {
  DELIVERY_CURSOR,
  DELIVERY_FILTERS,
  type DeliveryFilter,
  DeliveryNotFound,
  DeliveryNotParked,
  type DeliveryView,
  deliveryById,
  listDeliveries,
  retryDelivery,
  retryParkedDeliveries,
} from "./deliveries.ts"
export { type PluginWorkerOptions, runPluginWorker } from "./loop.ts"
export { backoffCeiling, DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from "./policy.ts"
export { deliverOnce, type PassReport, type PluginTenant } from "./worker.ts"
