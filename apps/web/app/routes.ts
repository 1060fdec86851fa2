import { index, layout, prefix, type RouteConfig, route } from "@react-router/dev/routes"

/**
 * The pages. Members' own under `/my`, the desks of cell secretaries, officers and approvers
 * under `/desk`; `/export/*.xlsx` are the lists as spreadsheets.
 */
export default [
  route("sign-in", "routes/sign-in.tsx"),
  route("sign-out", "routes/sign-out.tsx"),
  route("language", "routes/language.tsx"),
  layout("routes/signed-in.tsx", [
    index("routes/home.tsx"),
    ...prefix("my", [
      route("trips", "routes/my-trips.tsx"),
      route("trips/new", "routes/my-trip-new.tsx"),
      route("trips/:tripId", "routes/my-trip.tsx"),
    ]),
    ...prefix("desk", [route("inbox", "routes/desk-inbox.tsx"), route("trips/:tripId", "routes/desk-trip.tsx")]),
  ]),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig
