import { Form, Link } from "react-router"
import { type AuditEntry, detailEntries, entityHref, shortId } from "../audit.ts"
import { formatInstant } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import { loadListPage } from "../server/lists.server.ts"
import { DataTable, NextPage } from "../ui/data-table.tsx"
import { ExportLink } from "../ui/export-link.tsx"
import { DateField, TextField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/admin-audit"

/**
 * Nhật ký hoạt động: the tenant's audit log, newest first, filtered by who, what (an action or a
 * prefix such as `plugin.`) and days (dd/mm/yyyy, in Vietnam), a page at a time.
 */

export const meta: Route.MetaFunction = () => [{ title: "Nhật ký hoạt động — Audit log" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  const page = await loadListPage<{ entries: ReadonlyArray<AuditEntry>; next: number | null }>(
    context,
    request,
    "audit",
  )
  const params = new URL(request.url).searchParams
  return {
    page,
    filters: Object.fromEntries(["actor", "action", "from", "to"].map((name) => [name, params.get(name) ?? ""])),
  }
}

export default function AdminAudit({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const { page, filters } = loaderData
  return (
    <>
      <div className="page-header">
        <h1>{t("adminAudit")}</h1>
        <ExportLink list="audit" />
      </div>
      <Form method="get" className="filters" role="search">
        <TextField name="actor" label={t("actor")} defaultValue={filters.actor ?? ""} help={t("actorHelp")} />
        <TextField
          name="action"
          label={t("auditAction")}
          defaultValue={filters.action ?? ""}
          help={t("auditActionHelp")}
        />
        <DateField name="from" label={t("fromDay")} defaultValue={filters.from ?? ""} />
        <DateField name="to" label={t("toDay")} defaultValue={filters.to ?? ""} />
        <button type="submit">{t("filter")}</button>
      </Form>
      <DataTable<AuditEntry>
        caption={t("adminAudit")}
        rows={page.entries}
        rowKey={(entry) => String(entry.seq)}
        columns={[
          { label: t("time"), cell: (entry) => formatInstant(entry.occurredAt) },
          { label: t("actor"), cell: (entry) => entry.actor },
          {
            label: t("auditAction"),
            cell: (entry) => <span title={entry.action}>{labelOf(lang, "auditAction", entry.action)}</span>,
          },
          { label: t("entity"), cell: (entry) => <EntityCell entry={entry} /> },
          {
            label: t("auditDetails"),
            cell: (entry) => (
              <ul className="details">
                {detailEntries(lang, entry.details).map((item) => (
                  <li key={item.key}>
                    {item.label === "" ? null : <>{item.label}: </>}
                    {item.full === undefined ? item.value : <span title={item.full}>{item.value}</span>}
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
      <NextPage next={page.next === null ? null : { before: String(page.next) }} />
    </>
  )
}

/** What an entry is about: its kind in words, its id shortened (whole on hover), linked where a page shows it. */
const EntityCell = ({ entry }: { entry: AuditEntry }) => {
  const lang = useLang()
  if (entry.entityType === null) return null
  const kind = labelOf(lang, "auditEntity", entry.entityType)
  if (entry.entityId === null) return <>{kind}</>
  const id = shortId(entry.entityId)
  const href = entityHref(entry.entityType, entry.entityId)
  return (
    <>
      {kind}{" "}
      {href === undefined ? (
        <span title={entry.entityId}>{id}</span>
      ) : (
        <Link to={href} title={entry.entityId}>
          {id}
        </Link>
      )}
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
