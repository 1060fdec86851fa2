import type { OpenApiDocument } from "./document.ts"

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

const pretty = (value: unknown) => escapeHtml(JSON.stringify(value, null, 2))

/**
 * The API reference as one self-contained HTML page, rendered on the server from the
 * OpenAPI document: no script and nothing fetched from elsewhere, so it opens on an office
 * intranet with no internet access and under the strict content security policy.
 */
export const renderDocsPage = (document: OpenApiDocument): string => {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  )
  const sections = document.tags.map((tag) => {
    const items = operations
      .filter(({ operation }) => (operation.tags as ReadonlyArray<string>).includes(tag.name))
      .map(({ path, method, operation }) => {
        const parameters = (operation.parameters ?? []) as ReadonlyArray<Record<string, unknown>>
        const responses = operation.responses as Record<string, { description: string }>
        return `
      <article id="${escapeHtml(String(operation.operationId))}">
        <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
        <p>${escapeHtml(String(operation.summary))}</p>
        ${operation.description === undefined ? "" : `<p>${escapeHtml(String(operation.description))}</p>`}
        ${
          parameters.length === 0
            ? ""
            : `<table><caption>Tham số / Parameters</caption><thead><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr></thead><tbody>${parameters
                .map(
                  (p) =>
                    `<tr><td><code>${escapeHtml(String(p.name))}</code></td><td>${escapeHtml(String(p.in))}</td><td>${p.required ? "yes" : "no"}</td><td><pre>${pretty(p.schema)}</pre></td></tr>`,
                )
                .join("")}</tbody></table>`
        }
        ${
          operation.requestBody === undefined
            ? ""
            : `<details><summary>Request body</summary><pre>${pretty(operation.requestBody)}</pre></details>`
        }
        <table><caption>Kết quả / Responses</caption><tbody>${Object.entries(responses)
          .map(([status, r]) => `<tr><td>${escapeHtml(status)}</td><td>${escapeHtml(r.description)}</td></tr>`)
          .join("")}</tbody></table>
      </article>`
      })
      .join("")
    return `<section><h2>${escapeHtml(tag.name)}</h2><p>${escapeHtml(tag.description)}</p>${items}</section>`
  })
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} — API</title>
<style>
  body { font-family: system-ui, "Segoe UI", Arial, sans-serif; margin: 0 auto; max-width: 70rem; padding: 1rem 2rem; color: #1a1a1a; line-height: 1.5; }
  h1 { color: #a50e0e; } h2 { border-bottom: 2px solid #a50e0e; padding-bottom: .25rem; margin-top: 2.5rem; }
  article { border: 1px solid #ccc; border-radius: 6px; padding: .5rem 1rem; margin: 1rem 0; }
  .method { display: inline-block; min-width: 4.5rem; text-align: center; color: #fff; border-radius: 4px; padding: 0 .4rem; font-size: .9rem; }
  .get { background: #1c5b99; } .post { background: #1d6b35; } .put, .patch { background: #8a5a00; } .delete { background: #a50e0e; }
  table { border-collapse: collapse; margin: .5rem 0; } td, th { border: 1px solid #ddd; padding: .25rem .5rem; vertical-align: top; text-align: left; }
  caption { text-align: left; font-weight: 600; white-space: nowrap; } pre { margin: 0; font-size: .85rem; white-space: pre-wrap; }
  a { color: #1c5b99; }
</style>
</head>
<body>
<h1>${escapeHtml(document.info.title)}</h1>
<p>${escapeHtml(document.info.description)}</p>
<p>Phiên bản / Version ${escapeHtml(document.info.version)} · OpenAPI ${escapeHtml(document.openapi)} · <a href="/api/openapi.json">openapi.json</a></p>
<nav><ul>${operations
    .map(
      ({ path, method, operation }) =>
        `<li><a href="#${escapeHtml(String(operation.operationId))}">${method.toUpperCase()} ${escapeHtml(path)}</a></li>`,
    )
    .join("")}</ul></nav>
${sections.join("\n")}
</body>
</html>`
}
