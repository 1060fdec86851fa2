import { Form, useNavigation } from "react-router"
import type { OrgUnit } from "../accounts.ts"
import { formatDay, parseDay, todayInVietnam } from "../i18n/dates.ts"
import { langFromCookie } from "../i18n/language.ts"
import { labelOf, translator } from "../i18n/messages.ts"
import { afterCall, withNotice } from "../server/admin.server.ts"
import { callApi } from "../server/api.server.ts"
import { formValues, invalid } from "../server/forms.server.ts"
import { loadOrgUnits } from "../server/org-tree.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { DateField, FormError, type FormFailure, isFormFailure, SelectField, TextField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { Notice } from "../ui/notice.tsx"
import { unitOptions } from "../ui/org-units.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/admin-org"

/**
 * Cây tổ chức: the tenant's committees, grassroots committees and cells as a nested list, a new
 * unit under a parent of a fitting kind, and a move of a unit with its subtree (its members and
 * the grants scoped to it follow), each from a day typed dd/mm/yyyy.
 */

export const meta: Route.MetaFunction = () => [{ title: "Cây tổ chức — Organisation tree" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "org.manage")
  return {
    units: await loadOrgUnits(context, request),
    today: formatDay(todayInVietnam()),
    notice: new URL(request.url).searchParams.get("notice"),
  }
}

export const action = async ({ request, context }: Route.ActionArgs) => {
  requireCapability(context, "org.manage")
  const t = translator(langFromCookie(request.headers.get("cookie")))
  const values = formValues(await request.formData())
  if (values.intent === "move") {
    const effectiveOn = parseDay(values.effectiveOn ?? "")
    if (effectiveOn === undefined) return invalid({ effectiveOn: t("invalidDate") }, values)
    const unit = encodeURIComponent(values.unitId ?? "")
    const result = await callApi(context, request, "POST", tenantApi(context, `/org-units/${unit}/move`), {
      toParentId: values.toParentId,
      effectiveOn,
    })
    return afterCall(request, result, values, () => withNotice(request, "unitMoved"))
  }
  const validFrom = parseDay(values.validFrom ?? "")
  if (validFrom === undefined) return invalid({ validFrom: t("invalidDate") }, values)
  const result = await callApi(context, request, "POST", tenantApi(context, "/org-units"), {
    parentId: values.parentId,
    kind: values.kind,
    name: (values.name ?? "").trim(),
    validFrom,
  })
  return afterCall(request, result, values, () => withNotice(request, "unitAdded"))
}

/** The units under `parentId`, each with its own subtree nested inside. */
const Branch = ({ units, parentId }: { units: ReadonlyArray<OrgUnit>; parentId: string | null }) => {
  const lang = useLang()
  const children = units.filter((unit) => unit.parentId === parentId)
  if (children.length === 0) return null
  return (
    <ul>
      {children.map((unit) => (
        <li key={unit.id}>
          <span className="unit-name">{unit.name}</span>{" "}
          <span className="badge badge-neutral">{labelOf(lang, "unitKind", unit.kind)}</span>
          <Branch units={units} parentId={unit.id} />
        </li>
      ))}
    </ul>
  )
}

export default function AdminOrg({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const busy = useNavigation().state === "submitting"
  const failure: FormFailure | undefined = isFormFailure(actionData) ? actionData : undefined
  const moveFailure = failure?.values.intent === "move" ? failure : undefined
  const addFailure = failure !== undefined && moveFailure === undefined ? failure : undefined
  const { units, today, notice } = loaderData
  const parents = unitOptions(units, (unit) => unit.kind !== "cell")
  const roots = units.filter((unit) => unit.parentId === null || !units.some((other) => other.id === unit.parentId))
  return (
    <>
      <h1>{t("adminOrg")}</h1>
      <Notice notice={notice} />
      <section className="org-tree" aria-label={t("adminOrg")}>
        {roots.map((root) => (
          <ul key={root.id}>
            <li>
              <span className="unit-name">{root.name}</span>{" "}
              <span className="badge badge-neutral">{labelOf(lang, "unitKind", root.kind)}</span>
              <Branch units={units} parentId={root.id} />
            </li>
          </ul>
        ))}
      </section>
      <div className="admin-columns">
        <section className="step" aria-labelledby="add-unit-heading">
          <h2 id="add-unit-heading">{t("addUnit")}</h2>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="add" />
            <FormError failure={addFailure} />
            <SelectField name="parentId" label={t("parentUnit")} failure={addFailure} options={parents} />
            <SelectField
              name="kind"
              label={t("unitKind")}
              failure={addFailure}
              options={["subordinate_committee", "grassroots_committee", "cell"].map((kind) => ({
                value: kind,
                label: labelOf(lang, "unitKind", kind),
              }))}
            />
            <TextField name="name" label={t("unitName")} failure={addFailure} required />
            <DateField name="validFrom" label={t("validFrom")} failure={addFailure} defaultValue={today} required />
            <button type="submit" className="button-primary" disabled={busy}>
              {t("add")}
            </button>
          </Form>
        </section>
        <section className="step" aria-labelledby="move-unit-heading">
          <h2 id="move-unit-heading">{t("moveUnit")}</h2>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="move" />
            <FormError failure={moveFailure} />
            <SelectField
              name="unitId"
              label={t("unitToMove")}
              failure={moveFailure}
              options={unitOptions(units, (unit) => unit.parentId !== null)}
            />
            <SelectField name="toParentId" label={t("newParent")} failure={moveFailure} options={parents} />
            <DateField
              name="effectiveOn"
              label={t("effectiveOn")}
              failure={moveFailure}
              defaultValue={today}
              required
            />
            <button type="submit" className="button-primary" disabled={busy}>
              {t("move")}
            </button>
          </Form>
        </section>
      </div>
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
