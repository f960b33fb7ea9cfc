import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { checkFormBounds, FORM_LIMITS, keepKnownFields, parseFieldName, schemaKnowsPath } from './form-input'
import { invariantResponse, notFound, parseForm, readFormData, safeRedirectPath, uuidParam } from './http.server'

describe('safeRedirectPath', () => {
  it.each([
    ['/catalog', '/catalog'],
    ['/orders/1?tab=lines#top', '/orders/1?tab=lines#top'],
    ['/catalog?q=кабель', '/catalog?q=%D0%BA%D0%B0%D0%B1%D0%B5%D0%BB%D1%8C'],
    ['/каталог', '/%D0%BA%D0%B0%D1%82%D0%B0%D0%BB%D0%BE%D0%B3'],
    ['/%09/host', '/%09/host'],
    ['/%2F%2Fhost', '/%2F%2Fhost'],
  ])('keeps the same-origin path %j as %j', (to, expected) => {
    expect(safeRedirectPath(to)).toBe(expected)
  })

  it.each([
    ['//host', 'protocol-relative'],
    ['/a/../..//host', 'dot segments that leave a protocol-relative path'],
    ['/.//host', 'a dot segment before //'],
    ['/\\host', 'backslash read as a slash'],
    ['/\\\\host', 'two backslashes'],
    ['\\/host', 'leading backslash'],
    ['/\t/host', 'tab dropped by URL parsing'],
    ['/\n/host', 'newline dropped'],
    ['/\r/host', 'carriage return dropped'],
    ['/ok\r\nSet-Cookie: a=b', 'header injection'],
    ['https://x.example/', 'absolute URL'],
    ['javascript:alert(1)', 'script URL'],
    ['%2F%2Fhost', 'encoded, not a path'],
    ['host/path', 'relative'],
    ['', 'empty'],
    [null, 'missing'],
    ['/' + 'a'.repeat(3000), 'absurdly long'],
  ] as [string | null, string][])('sends %j home (%s)', (to) => {
    expect(safeRedirectPath(to)).toBe('/')
  })

  it('never answers a non-ASCII string: the Location header must be ASCII', () => {
    for (const to of ['/catalog?q=кабель', '/x#якорь', '/\ud800', '/€?€']) expect(safeRedirectPath(to)).toMatch(/^[\x21-\x7e]+$/)
  })
})

describe('parseFieldName', () => {
  it.each([
    ['email', ['email']],
    ['lines[3].qty', ['lines', 3, 'qty']],
    ['lineDate.0b7f', ['lineDate', '0b7f']],
  ])('reads %j', (name, expected) => {
    expect(parseFieldName(name)).toEqual(expected)
  })
  it.each(['x[50000000]', 'x[10000]', 'x[]', 'x[01]', 'a]', 'a..b', '__proto__.x', 'a.constructor', ''])('refuses %j', (name) => {
    expect(parseFieldName(name)).toBeNull()
  })
})

const entries = (pairs: [string, string][]) => pairs

describe('checkFormBounds', () => {
  it('passes an ordinary form and a dense list', () => {
    expect(
      checkFormBounds(
        entries([
          ['email', 'a@b.c'],
          ['password', 'x'],
        ]),
      ),
    ).toBeNull()
    const lines = Array.from({ length: 300 }, (_, i) => [`lines[${i}].qty`, '1'] as [string, string])
    expect(checkFormBounds(lines)).toBeNull()
  })
  it('refuses an index larger than the fields sent (the 32-byte amplification body)', () => {
    expect(
      checkFormBounds(
        entries([
          ['x[50000000]', '1'],
          ['email', 'a'],
          ['password', 'b'],
        ]),
      ),
    ).toBe('badFieldName')
    expect(
      checkFormBounds(
        entries([
          ['lines[5].lineNo', '1'],
          ['intent', 'confirm'],
        ]),
      ),
    ).toBe('badFieldName')
  })
  it('refuses deep and long names', () => {
    expect(checkFormBounds(entries([['email' + '.a'.repeat(5000), '1']]))).toBe('badFieldName')
    expect(checkFormBounds(entries([['a.b.c.d.e.f.g', '1']]))).toBe('badFieldName')
  })
  it('refuses more fields than the limit', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => [`f${i}`, ''] as [string, string])
    expect(checkFormBounds(many)).toBe('tooManyFields')
    expect(checkFormBounds(many, { ...FORM_LIMITS, maxFields: 30_000 })).toBeNull()
  })
  it('refuses NUL in a value or a name', () => {
    expect(checkFormBounds(entries([['q', 'a\0b']]))).toBe('badCharacter')
    expect(checkFormBounds(entries([['q\0', 'a']]))).toBe('badFieldName')
  })
})

const Schema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('confirm'),
    note: z.string().optional(),
    lines: z.array(z.object({ lineNo: z.coerce.number(), qty: z.coerce.number() })).min(1),
  }),
  z.object({ intent: z.literal('cancel'), reason: z.string().min(3) }),
])

describe('fields the schema knows', () => {
  it.each([
    [['intent'], true],
    [['lines', 2, 'qty'], true],
    [['reason'], true],
    [['lines', 'x'], false],
    [['lines', 0, 'price'], false],
    [['unknown'], false],
    [['__intent__'], false],
  ] as const)('%j → %s', (path, known) => {
    expect(schemaKnowsPath(Schema, [...path])).toBe(known)
  })

  it('sees through effects, defaults, records and optional wrappers', () => {
    const S = z.object({
      a: z.string().trim().default(''),
      m: z.record(z.string(), z.string()).optional(),
      p: z.preprocess((v) => v, z.object({ x: z.string() })),
    })
    expect(schemaKnowsPath(S, ['a'])).toBe(true)
    expect(schemaKnowsPath(S, ['m', 'anything'])).toBe(true)
    expect(schemaKnowsPath(S, ['p', 'x'])).toBe(true)
    expect(schemaKnowsPath(S, ['p', 'y'])).toBe(false)
  })

  it('the reply echoes only known fields, and conform control fields are not parsed', () => {
    const form = new FormData()
    form.append('intent', 'cancel')
    form.append('reason', 'x')
    form.append('junk', 'y'.repeat(1000))
    form.append('__intent__', 'not json')
    form.append('__state__', '{')
    const submission = parseForm(form, { schema: Schema })
    expect(submission.status).toBe('error')
    const reply = submission.reply()
    expect(reply.initialValue).toEqual({ intent: 'cancel', reason: 'x' })
    expect(reply.fields).toEqual(['intent', 'reason'])
    expect(JSON.stringify(reply)).not.toContain('yyyy')
    expect(Array.from(keepKnownFields(form, Schema).keys())).toEqual(['intent', 'reason'])
  })

  it("keeps conform's validate intent, so a field checked on blur is not taken for a submission", () => {
    const form = new FormData()
    form.append('intent', 'cancel')
    form.append('reason', 'x')
    form.append('__intent__', JSON.stringify({ type: 'validate', payload: { name: 'reason' } }))
    expect(Array.from(keepKnownFields(form, Schema).keys())).toEqual(['intent', 'reason', '__intent__'])
    const submission = parseForm(form, { schema: Schema })
    expect(submission.status).not.toBe('success')
    for (const bad of ['[1]', '"x"', 'null', `{"a":"${'y'.repeat(5000)}"}`]) {
      const f = new FormData()
      f.append('__intent__', bad)
      expect(Array.from(keepKnownFields(f, Schema).keys()), bad).toEqual([])
    }
  })
})

describe('readFormData', () => {
  const post = (body: string) => new Request('http://x/', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  const refusal = async (body: string) => {
    try {
      await readFormData(post(body))
      return null
    } catch (thrown) {
      const res = thrown as Response
      return { status: res.status, body: (await res.json()) as { message: string } }
    }
  }
  it('answers the amplification body with a small 400 at once', async () => {
    const started = Date.now()
    expect(await refusal('x[50000000]=1&email=a&password=b')).toEqual({ status: 400, body: { message: 'errors.formTooLarge' } })
    expect(Date.now() - started).toBeLessThan(500)
  })
  it('refuses NUL and deep names, passes an ordinary form', async () => {
    expect(await refusal('q=a%00b')).toEqual({ status: 400, body: { message: 'errors.badCharacter' } })
    expect((await refusal('email' + '.a'.repeat(5000) + '=1'))?.status).toBe(400)
    expect(await refusal('email=a%40b.c&password=x')).toBeNull()
  })
  it('the same bounds apply to the text fields of a multipart body', async () => {
    const form = new FormData()
    form.append('lines', 'a\0b')
    form.append('file', new Blob(['SKU;1\n']), 'order.csv')
    await expect(readFormData(new Request('http://x/', { method: 'POST', body: form }))).rejects.toMatchObject({ status: 400 })
  })
})

describe('invariantResponse', () => {
  const thrown = (f: () => unknown) => {
    try {
      f()
    } catch (e) {
      return e as Response
    }
    throw new Error('nothing thrown')
  }

  it('passes a true condition and narrows it', () => {
    const order: { id: string } | undefined = { id: 'a' }
    invariantResponse(order)
    expect(order.id).toBe('a')
  })

  it.each([
    [() => invariantResponse(null), 404, 'error.notFound.title'],
    [() => invariantResponse(0, 'errors.notAForm', { status: 400 }), 400, 'errors.notAForm'],
    [() => notFound(), 404, 'error.notFound.title'],
    [() => uuidParam('not-a-uuid'), 404, 'error.notFound.title'],
  ] as const)('throws a Response whose body names the message (%#)', async (f, status, message) => {
    const res = thrown(f)
    expect(res).toBeInstanceOf(Response)
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual({ message })
  })
})
