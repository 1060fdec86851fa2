import type { RouterContextProvider } from "react-router"
import type { OverseasOrg, TransferPage } from "../oversight.ts"
import type { TripDetail } from "../trips.ts"
import { apiData } from "./api.server.ts"
import { postForm } from "./form-post.server.ts"
import { formValues } from "./forms.server.ts"
import { tenantApi } from "./session.server.ts"

/**
 * The register's organisations a trip's member could attend: those in the trip's countries, or
 * the whole register when none is there (the oversight body then guides the member directly).
 */
export const loadOverseasOrgs = async (
  context: Readonly<RouterContextProvider>,
  request: Request,
  trip: Pick<TripDetail, "countries">,
): Promise<ReadonlyArray<OverseasOrg>> => {
  const { overseasOrgs } = await apiData<{ overseasOrgs: ReadonlyArray<OverseasOrg> }>(
    context,
    request,
    tenantApi(context, "/overseas-orgs"),
  )
  const there = overseasOrgs.filter((org) => trip.countries.includes(org.country))
  return there.length > 0 ? there : overseasOrgs
}

/** A trip's transfers of party activity, newest first (a trip has few: one under way at most). */
export const loadTripTransfers = async (context: Readonly<RouterContextProvider>, request: Request, tripId: string) =>
  (
    await apiData<TransferPage>(
      context,
      request,
      tenantApi(context, `/transfers?tripId=${encodeURIComponent(tripId)}&limit=50`),
    )
  ).transfers

/** Gửi hồ sơ chuyển sinh hoạt đảng for one trip; then to the transfers sent, where its state shows. */
export const sendTransfer = async (context: Readonly<RouterContextProvider>, request: Request, tripId: string) => {
  const values = formValues(await request.formData())
  const note = (values.note ?? "").trim()
  return postForm(context, request, {
    path: tenantApi(context, "/transfers"),
    body: {
      form: values.form ?? "",
      tripIds: [tripId],
      proposedOverseasOrgId: values.proposedOverseasOrgId || null,
      note: note === "" ? null : note,
    },
    values,
    next: () => "/desk/transfers?sent=1",
  })
}
