export { type Country, isoCountries } from "./countries.ts"
