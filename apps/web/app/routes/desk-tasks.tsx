import { Form, redirect } from "react-router"
import { formatDay } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import { callApi, failureResponse, pageOf } from "../server/api.server.ts"
import { formValues } from "../server/forms.server.ts"
import { loadListPage, type TaskSummary } from "../server/lists.server.ts"
import { currentUser, requireCapability, tenantApi } from "../server/session.server.ts"
import { DataTable, NextPage } from "../ui/data-table.tsx"
import { ExportLink } from "../ui/export-link.tsx"
import { SelectField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { Notice } from "../ui/notice.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/desk-tasks"

/** Nhiệm vụ: the tasks given to members within one's scope — open, overdue or done. */

export const meta: Route.MetaFunction = () => [{ title: "Nhiệm vụ — Tasks" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  const page = await loadListPage<{ tasks: ReadonlyArray<TaskSummary>; next: string | null }>(context, request, "tasks")
  const canEvaluate = context.get(currentUser)?.capabilities.includes("task.evaluate") ?? false
  const search = new URL(request.url).searchParams
  return { page, state: search.get("state") ?? "", canEvaluate, notice: search.get("notice") }
}

const EVALUATIONS = ["excellent", "good", "completed", "not_completed"]

/** Đánh giá: a task reported done gets its evaluation, once. */
export const action = async ({ request, context }: Route.ActionArgs) => {
  requireCapability(context, "task.evaluate")
  const values = formValues(await request.formData())
  const result = await callApi(
    context,
    request,
    "POST",
    tenantApi(context, `/tasks/${encodeURIComponent(values.taskId ?? "")}/evaluate`),
    { evaluation: values.evaluation ?? "" },
  )
  if (!result.ok) throw failureResponse(request, result)
  // Back to the same list (its filter kept), saying the evaluation was recorded.
  const page = pageOf(request)
  const search = new URLSearchParams(page.search)
  search.set("notice", "taskEvaluated")
  return redirect(`${page.pathname}?${search}`)
}

export default function DeskTasks({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const { page, state, canEvaluate, notice } = loaderData
  return (
    <>
      <div className="page-header">
        <h1>{t("tasks")}</h1>
        <ExportLink list="tasks" />
      </div>
      <Notice notice={notice} />
      <Form method="get" className="filters">
        <SelectField
          name="state"
          label={t("status")}
          defaultValue={state}
          options={[
            { value: "", label: "—" },
            ...["open", "overdue", "done"].map((value) => ({ value, label: labelOf(lang, "taskState", value) })),
          ]}
        />
        <button type="submit">{t("search")}</button>
      </Form>
      <DataTable<TaskSummary>
        caption={t("tasks")}
        rows={page.tasks}
        rowKey={(row) => row.id}
        columns={[
          { label: t("member"), cell: (row) => row.memberName },
          { label: t("title"), cell: (row) => row.title },
          { label: t("due"), cell: (row) => formatDay(row.dueOn) },
          { label: t("status"), cell: (row) => labelOf(lang, "taskState", row.state) },
          {
            label: t("outcome"),
            cell: (row) =>
              row.evaluation !== null ? (
                labelOf(lang, "evaluation", row.evaluation)
              ) : row.state === "done" && canEvaluate ? (
                <Form method="post" className="inline-row">
                  <input type="hidden" name="taskId" value={row.id} />
                  <label className="visually-hidden" htmlFor={`evaluation-${row.id}`}>
                    {t("evaluate")}
                  </label>
                  <select id={`evaluation-${row.id}`} name="evaluation" defaultValue="completed">
                    {EVALUATIONS.map((value) => (
                      <option key={value} value={value}>
                        {labelOf(lang, "evaluation", value)}
                      </option>
                    ))}
                  </select>
                  <button type="submit">{t("evaluate")}</button>
                </Form>
              ) : (
                ""
              ),
          },
        ]}
      />
      <NextPage next={page.next === null ? null : { after: page.next }} />
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
