import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useT } from '../i18n/react'
import { apiDocument } from '../utils/openapi.server'

// The readable reference of /api/v1, rendered from the same OpenAPI document the JSON route serves (public).

type Operation = {
  summary?: string
  security?: unknown[]
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[]
  requestBody?: { content?: Record<string, { schema?: unknown }> }
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>
}

export const meta: MetaFunction = () => [{ title: 'API /api/v1' }]

export function loader({ request }: LoaderFunctionArgs) {
  const doc = apiDocument(new URL(request.url).origin) as {
    paths?: Record<string, Record<string, Operation>>
    components?: { schemas?: Record<string, unknown> }
  }
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      id: `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-'),
      path,
      method: method.toUpperCase(),
      summary: op.summary ?? '',
      public: Array.isArray(op.security) && op.security.length === 0,
      parameters: (op.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: !!p.required, schema: JSON.stringify(p.schema ?? {}) })),
      request: Object.entries(op.requestBody?.content ?? {}).map(([type, c]) => ({ type, schema: JSON.stringify(c.schema ?? {}, null, 2) })),
      responses: Object.entries(op.responses ?? {}).map(([status, r]) => ({
        status,
        description: r.description ?? '',
        types: Object.entries(r.content ?? {}).map(([type, c]) => ({ type, schema: JSON.stringify(c.schema ?? {}, null, 2) })),
      })),
    })),
  )
  const schemas = Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => ({ name, schema: JSON.stringify(schema, null, 2) }))
  return json({ operations, schemas }, { headers: { 'Cache-Control': 'public, max-age=300' } })
}

export default function ApiDocs() {
  const { operations, schemas } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    // Inside the shell's <main>: one main landmark per page. The class makes the schemas scroll in their own box on
    // a phone (the utility class names here had no stylesheet behind them).
    <div className="api-docs">
      <h1 className="text-2xl font-semibold">{t('apiDocs.title')}</h1>
      <p className="mt-2">
        {/* The document's URL as a link inside the translated sentence. */}
        {t('apiDocs.intro', { url: '\u0000' })
          .split('\u0000')
          .flatMap((part, i) =>
            i
              ? [
                  <a key={i} className="underline" href="/api/v1/openapi.json">
                    /api/v1/openapi.json
                  </a>,
                  part,
                ]
              : [part],
          )}
      </p>
      <nav aria-label={t('apiDocs.contents')} className="mt-4">
        <h2 className="text-lg font-semibold">{t('apiDocs.contents')}</h2>
        <ul>
          {operations.map((o) => (
            <li key={o.id}>
              <a className="underline focus:outline focus:outline-2" href={`#${o.id}`}>
                <code>{o.method}</code> <code className="break-all">{o.path}</code>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {operations.map((o) => (
        <section key={o.id} id={o.id} className="mt-6 border-t pt-4" aria-labelledby={`${o.id}-h`}>
          <h2 id={`${o.id}-h`} className="text-lg font-semibold break-all">
            <code>{o.method}</code> <code>{o.path}</code>
            {o.public ? <span className="ml-2 text-sm">({t('apiDocs.public')})</span> : null}
          </h2>
          <p>{o.summary}</p>
          {o.parameters.length ? (
            <>
              <h3 className="mt-2 font-semibold">{t('apiDocs.parameters')}</h3>
              <ul>
                {o.parameters.map((p) => (
                  <li key={`${p.in}-${p.name}`}>
                    <code>{p.name}</code> ({p.in}
                    {p.required ? `, ${t('apiDocs.required')}` : ''}) <code className="break-all text-sm">{p.schema}</code>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {o.request.length ? (
            <>
              <h3 className="mt-2 font-semibold">{t('apiDocs.requestBody')}</h3>
              {o.request.map((r) => (
                <details key={r.type}>
                  <summary>{r.type}</summary>
                  <pre className="overflow-x-auto text-xs">{r.schema}</pre>
                </details>
              ))}
            </>
          ) : null}
          <h3 className="mt-2 font-semibold">{t('apiDocs.responses')}</h3>
          <ul>
            {o.responses.map((r) => (
              <li key={r.status}>
                <strong>{r.status}</strong> {r.description}
                {r.types.map((c) => (
                  <details key={c.type}>
                    <summary>{c.type}</summary>
                    <pre className="overflow-x-auto text-xs">{c.schema}</pre>
                  </details>
                ))}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section className="mt-6 border-t pt-4">
        <h2 className="text-lg font-semibold">{t('apiDocs.schemas')}</h2>
        {schemas.map((s) => (
          <details key={s.name} id={`schema-${s.name}`}>
            <summary>
              <code>{s.name}</code>
            </summary>
            <pre className="overflow-x-auto text-xs">{s.schema}</pre>
          </details>
        ))}
      </section>
    </div>
  )
}
