/** Outbound calls on a plugin's behalf, limited to the hosts its config allows: used by the host and the test kit. */
export { HostNotAllowed, hostAllowed } from "./hosts.ts"
export { type AllowedFetchOptions, allowedFetch } from "./http.ts"
export { type AllowedMailOptions, allowedMail } from "./mail.ts"
