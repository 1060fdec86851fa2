import { Form, redirect, useNavigation } from "react-router"
import { formatDay, formatInstant } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import { apiData, callApi, failureResponse, pageOf } from "../server/api.server.ts"
import { formValues, refused } from "../server/forms.server.ts"
import type { TaskSummary } from "../server/lists.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { FormError, isFormFailure, TextArea } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { Notice } from "../ui/notice.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/my-tasks"

/** Nhiệm vụ của tôi: the tasks given to this member, and reporting one done. */

export const meta: Route.MetaFunction = () => [{ title: "Nhiệm vụ của tôi — My tasks" }]

interface MyTask extends TaskSummary {
  readonly completionNote: string | null
}

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "task.self")
  const answer = await apiData<{ tasks: ReadonlyArray<MyTask>; next: string | null }>(
    context,
    request,
    tenantApi(context, "/me/tasks?limit=100"),
  )
  return { ...answer, notice: new URL(request.url).searchParams.get("notice") }
}

export const action = async ({ request, context }: Route.ActionArgs) => {
  requireCapability(context, "task.self")
  const values = formValues(await request.formData())
  const taskId = encodeURIComponent(values.taskId ?? "")
  const result = await callApi(context, request, "POST", tenantApi(context, `/me/tasks/${taskId}/complete`), {
    note: values.note ?? "",
  })
  if (result.ok) return redirect(`${pageOf(request).pathname}?notice=taskReported`)
  if (result.status === 401) throw failureResponse(request, result)
  return refused(request, result.error, result.status, values)
}

export default function MyTasks({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const busy = useNavigation().state === "submitting"
  const failure = isFormFailure(actionData) ? actionData : undefined
  return (
    <>
      <h1>{t("myTasks")}</h1>
      <Notice notice={loaderData.notice} />
      {loaderData.tasks.length === 0 ? <p>{t("noTasks")}</p> : null}
      <ul className="cards">
        {loaderData.tasks.map((task) => {
          const mine = failure?.values.taskId === task.id ? failure : undefined
          return (
            <li key={task.id} className="card card-column">
              <h2>{task.title}</h2>
              <p className="article-body">{task.description}</p>
              <p>
                {t("due")}: {formatDay(task.dueOn)} · {labelOf(lang, "taskState", task.state)}
                {task.completedAt === null ? "" : ` · ${formatInstant(task.completedAt)}`}
              </p>
              {task.state === "done" ? (
                task.completionNote === null ? null : (
                  <p className="article-body">{task.completionNote}</p>
                )
              ) : (
                <Form method="post" className="form">
                  <input type="hidden" name="taskId" value={task.id} />
                  <FormError failure={mine} />
                  <TextArea name="note" label={t("completionNote")} failure={mine} required rows={3} />
                  <button type="submit" className="button-primary" disabled={busy}>
                    {t("markDone")}
                  </button>
                </Form>
              )}
            </li>
          )
        })}
      </ul>
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
