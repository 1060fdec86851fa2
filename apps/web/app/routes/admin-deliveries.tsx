import { Form, useNavigation } from "react-router"
import { labelOf } from "../i18n/messages.ts"
import { afterCall, withNotice } from "../server/admin.server.ts"
import { apiData, callApi } from "../server/api.server.ts"
import { formValues } from "../server/forms.server.ts"
import type { DeliveryPage } from "../server/plugins.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { NextPage } from "../ui/data-table.tsx"
import { FormError, isFormFailure, SelectField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { Notice } from "../ui/notice.tsx"
import { DeliveryTable } from "../ui/plugin-parts.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/admin-deliveries"

/**
 * Sự kiện gửi cho phần mở rộng: what the tenant's plugins were handed, the parked first — each
 * retried on its own, or all at once.
 */

export const meta: Route.MetaFunction = () => [{ title: "Sự kiện gửi phần mở rộng — Plugin deliveries" }]

const STATUSES = ["parked", "failed", "pending", "delivered"] as const

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "plugin.manage")
  const url = new URL(request.url)
  const requested = url.searchParams.get("status") ?? "parked"
  const status = (STATUSES as ReadonlyArray<string>).includes(requested) ? requested : "parked"
  const query = new URLSearchParams({ status, limit: "50" })
  const after = url.searchParams.get("after")
  if (after !== null) query.set("after", after)
  const page = await apiData<DeliveryPage>(context, request, tenantApi(context, `/plugins/deliveries?${query}`))
  return { page, status, notice: url.searchParams.get("notice") }
}

export const action = async ({ request, context }: Route.ActionArgs) => {
  requireCapability(context, "plugin.manage")
  const values = formValues(await request.formData())
  if (values.intent === "retry-all") {
    const result = await callApi(context, request, "POST", tenantApi(context, "/plugins/deliveries/retry-parked"), {})
    return afterCall(request, result, values, () => withNotice(request, "retried"))
  }
  const id = encodeURIComponent(values.deliveryId ?? "")
  const result = await callApi(context, request, "POST", tenantApi(context, `/plugins/deliveries/${id}/retry`))
  return afterCall(request, result, values, () => withNotice(request, "retried"))
}

export default function AdminDeliveries({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const busy = useNavigation().state === "submitting"
  const failure = isFormFailure(actionData) ? actionData : undefined
  const { page, status, notice } = loaderData
  return (
    <>
      <div className="page-header">
        <h1>{t("adminDeliveries")}</h1>
        {status === "parked" && page.deliveries.length > 0 ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="retry-all" />
            <button type="submit" className="button-primary" disabled={busy}>
              {t("retryAll")}
            </button>
          </Form>
        ) : null}
      </div>
      <Notice notice={notice} />
      <FormError failure={failure} />
      <p>{t("deliveriesIntro")}</p>
      <Form method="get" className="filters">
        <SelectField
          name="status"
          label={t("deliveryStatus")}
          defaultValue={status}
          options={STATUSES.map((value) => ({ value, label: labelOf(lang, "deliveryStatus", value) }))}
        />
        <button type="submit">{t("filter")}</button>
      </Form>
      <DeliveryTable deliveries={page.deliveries} />
      <NextPage next={page.next === null ? null : { after: page.next }} />
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
