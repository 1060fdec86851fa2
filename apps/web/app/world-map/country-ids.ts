/**
 * The shapes of `world-atlas` (Natural Earth 1:110m, TopoJSON) are keyed by ISO 3166-1 *numeric*
 * codes; the platform keys countries by *alpha-2*. This is the mapping for every shape of
 * `countries-110m.json` that has an id, copied once from the ISO 3166-1 table (the same
 * `i18n-iso-countries` data the platform's countries come from) so that nothing is computed or
 * fetched at run time. `test/world-map.test.ts` checks it against that table and the atlas.
 */
export const ALPHA2_OF_ATLAS_ID: Readonly<Record<string, string>> = {
  "784": "AE", // United Arab Emirates
  "004": "AF", // Afghanistan
  "008": "AL", // Albania
  "051": "AM", // Armenia
  "024": "AO", // Angola
  "010": "AQ", // Antarctica
  "032": "AR", // Argentina
  "040": "AT", // Austria
  "036": "AU", // Australia
  "031": "AZ", // Azerbaijan
  "070": "BA", // Bosnia and Herz.
  "050": "BD", // Bangladesh
  "056": "BE", // Belgium
  "854": "BF", // Burkina Faso
  "100": "BG", // Bulgaria
  "108": "BI", // Burundi
  "204": "BJ", // Benin
  "096": "BN", // Brunei
  "068": "BO", // Bolivia
  "076": "BR", // Brazil
  "044": "BS", // Bahamas
  "064": "BT", // Bhutan
  "072": "BW", // Botswana
  "112": "BY", // Belarus
  "084": "BZ", // Belize
  "124": "CA", // Canada
  "180": "CD", // Dem. Rep. Congo
  "140": "CF", // Central African Rep.
  "178": "CG", // Congo
  "756": "CH", // Switzerland
  "384": "CI", // Côte d'Ivoire
  "152": "CL", // Chile
  "120": "CM", // Cameroon
  "156": "CN", // China
  "170": "CO", // Colombia
  "188": "CR", // Costa Rica
  "192": "CU", // Cuba
  "196": "CY", // Cyprus
  "203": "CZ", // Czechia
  "276": "DE", // Germany
  "262": "DJ", // Djibouti
  "208": "DK", // Denmark
  "214": "DO", // Dominican Rep.
  "012": "DZ", // Algeria
  "218": "EC", // Ecuador
  "233": "EE", // Estonia
  "818": "EG", // Egypt
  "732": "EH", // W. Sahara
  "232": "ER", // Eritrea
  "724": "ES", // Spain
  "231": "ET", // Ethiopia
  "246": "FI", // Finland
  "242": "FJ", // Fiji
  "238": "FK", // Falkland Is.
  "250": "FR", // France
  "266": "GA", // Gabon
  "826": "GB", // United Kingdom
  "268": "GE", // Georgia
  "288": "GH", // Ghana
  "304": "GL", // Greenland
  "270": "GM", // Gambia
  "324": "GN", // Guinea
  "226": "GQ", // Eq. Guinea
  "300": "GR", // Greece
  "320": "GT", // Guatemala
  "624": "GW", // Guinea-Bissau
  "328": "GY", // Guyana
  "340": "HN", // Honduras
  "191": "HR", // Croatia
  "332": "HT", // Haiti
  "348": "HU", // Hungary
  "360": "ID", // Indonesia
  "372": "IE", // Ireland
  "376": "IL", // Israel
  "356": "IN", // India
  "368": "IQ", // Iraq
  "364": "IR", // Iran
  "352": "IS", // Iceland
  "380": "IT", // Italy
  "388": "JM", // Jamaica
  "400": "JO", // Jordan
  "392": "JP", // Japan
  "404": "KE", // Kenya
  "417": "KG", // Kyrgyzstan
  "116": "KH", // Cambodia
  "408": "KP", // North Korea
  "410": "KR", // South Korea
  "414": "KW", // Kuwait
  "398": "KZ", // Kazakhstan
  "418": "LA", // Laos
  "422": "LB", // Lebanon
  "144": "LK", // Sri Lanka
  "430": "LR", // Liberia
  "426": "LS", // Lesotho
  "440": "LT", // Lithuania
  "442": "LU", // Luxembourg
  "428": "LV", // Latvia
  "434": "LY", // Libya
  "504": "MA", // Morocco
  "498": "MD", // Moldova
  "499": "ME", // Montenegro
  "450": "MG", // Madagascar
  "807": "MK", // Macedonia
  "466": "ML", // Mali
  "104": "MM", // Myanmar
  "496": "MN", // Mongolia
  "478": "MR", // Mauritania
  "454": "MW", // Malawi
  "484": "MX", // Mexico
  "458": "MY", // Malaysia
  "508": "MZ", // Mozambique
  "516": "NA", // Namibia
  "540": "NC", // New Caledonia
  "562": "NE", // Niger
  "566": "NG", // Nigeria
  "558": "NI", // Nicaragua
  "528": "NL", // Netherlands
  "578": "NO", // Norway
  "524": "NP", // Nepal
  "554": "NZ", // New Zealand
  "512": "OM", // Oman
  "591": "PA", // Panama
  "604": "PE", // Peru
  "598": "PG", // Papua New Guinea
  "608": "PH", // Philippines
  "586": "PK", // Pakistan
  "616": "PL", // Poland
  "630": "PR", // Puerto Rico
  "275": "PS", // Palestine
  "620": "PT", // Portugal
  "600": "PY", // Paraguay
  "634": "QA", // Qatar
  "642": "RO", // Romania
  "688": "RS", // Serbia
  "643": "RU", // Russia
  "646": "RW", // Rwanda
  "682": "SA", // Saudi Arabia
  "090": "SB", // Solomon Is.
  "729": "SD", // Sudan
  "752": "SE", // Sweden
  "705": "SI", // Slovenia
  "703": "SK", // Slovakia
  "694": "SL", // Sierra Leone
  "686": "SN", // Senegal
  "706": "SO", // Somalia
  "740": "SR", // Suriname
  "728": "SS", // S. Sudan
  "222": "SV", // El Salvador
  "760": "SY", // Syria
  "748": "SZ", // eSwatini
  "148": "TD", // Chad
  "260": "TF", // Fr. S. Antarctic Lands
  "768": "TG", // Togo
  "764": "TH", // Thailand
  "762": "TJ", // Tajikistan
  "626": "TL", // Timor-Leste
  "795": "TM", // Turkmenistan
  "788": "TN", // Tunisia
  "792": "TR", // Turkey
  "780": "TT", // Trinidad and Tobago
  "158": "TW", // Taiwan
  "834": "TZ", // Tanzania
  "804": "UA", // Ukraine
  "800": "UG", // Uganda
  "840": "US", // United States of America
  "858": "UY", // Uruguay
  "860": "UZ", // Uzbekistan
  "862": "VE", // Venezuela
  "704": "VN", // Vietnam
  "548": "VU", // Vanuatu
  "887": "YE", // Yemen
  "710": "ZA", // South Africa
  "894": "ZM", // Zambia
  "716": "ZW", // Zimbabwe
}

/**
 * Shapes Natural Earth draws apart that have no ISO 3166-1 code: they are shown as part of the
 * state Vietnam and the United Nations recognise there, since no trip can name them otherwise.
 * Kosovo: ISO has no code, and Vietnam does not recognise its independence from Serbia.
 */
export const ALPHA2_OF_ATLAS_NAME: Readonly<Record<string, string>> = {
  "N. Cyprus": "CY",
  Somaliland: "SO",
  Kosovo: "RS",
}

/** The alpha-2 code a shape of the atlas stands for, or null for a shape no trip can go to. */
export const alpha2OfShape = (id: string | number | undefined, name: string | undefined): string | null =>
  (id === undefined ? undefined : ALPHA2_OF_ATLAS_ID[String(id)]) ??
  (name === undefined ? undefined : ALPHA2_OF_ATLAS_NAME[name]) ??
  null
