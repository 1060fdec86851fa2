import { Form, useNavigation } from "react-router"
import { formatInstant } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import { afterCall, withNotice } from "../server/admin.server.ts"
import { apiData, callApi } from "../server/api.server.ts"
import { formValues } from "../server/forms.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { FormError, isFormFailure, SelectField, TextField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { Notice } from "../ui/notice.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/admin-settings"

/**
 * Cài đặt của đơn vị: the after-return report deadline — working or calendar days, within what the
 * regulation allows (the API says so beside the field when it is too long).
 */

interface DeadlineSetting {
  readonly reportDeadline: { readonly kind: "working_days" | "calendar_days"; readonly days: number }
  readonly isDefault: boolean
  readonly updatedAt: string | null
}

export const meta: Route.MetaFunction = () => [{ title: "Cài đặt — Settings" }]

const PATH = "/settings/report-deadline"

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "settings.manage")
  return {
    setting: await apiData<DeadlineSetting>(context, request, tenantApi(context, PATH)),
    notice: new URL(request.url).searchParams.get("notice"),
  }
}

export const action = async ({ request, context }: Route.ActionArgs) => {
  requireCapability(context, "settings.manage")
  const values = formValues(await request.formData())
  const days = Number((values.days ?? "").trim())
  const result = await callApi(context, request, "PUT", tenantApi(context, PATH), {
    kind: values.kind,
    days: Number.isFinite(days) && (values.days ?? "").trim() !== "" ? days : values.days,
  })
  return afterCall(request, result, values, () => withNotice(request, "saved"))
}

export default function AdminSettings({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const busy = useNavigation().state === "submitting"
  const failure = isFormFailure(actionData) ? actionData : undefined
  const { setting, notice } = loaderData
  return (
    <>
      <h1>{t("adminSettings")}</h1>
      <Notice notice={notice} />
      <section className="step" aria-labelledby="deadline-heading">
        <h2 id="deadline-heading">{t("reportDeadline")}</h2>
        <p className="help">
          {setting.isDefault
            ? t("deadlineDefault")
            : setting.updatedAt === null
              ? ""
              : `${t("lastChanged")}: ${formatInstant(setting.updatedAt)}`}
        </p>
        <Form method="post" className="form" noValidate>
          <FormError failure={failure} />
          <SelectField
            name="kind"
            label={t("deadlineKind")}
            failure={failure}
            defaultValue={setting.reportDeadline.kind}
            options={["working_days", "calendar_days"].map((value) => ({
              value,
              label: labelOf(lang, "deadlineKind", value),
            }))}
          />
          <TextField
            name="days"
            label={t("deadlineDays")}
            failure={failure}
            inputMode="numeric"
            defaultValue={String(setting.reportDeadline.days)}
            help={t("deadlineHelp")}
            required
          />
          <button type="submit" className="button-primary" disabled={busy}>
            {t("save")}
          </button>
        </Form>
      </section>
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
