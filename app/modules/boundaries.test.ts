import path from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The module boundaries are the lint's (eslint.config.js): this tries what each rule refuses, as the next engineer
// would, so a loosened pattern fails here and not in review.

const eslint = new ESLint({ cwd: path.resolve(__dirname, '../..') })

async function restrictedImports(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(__dirname, '../..', filePath) })
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('module boundaries', () => {
  it("refuses another module's tables, and the schema barrel", async () => {
    expect(
      await restrictedImports(
        'app/modules/ordering/x.server.ts',
        "import { stockLevels } from '../../../db/schema/catalog'\nexport const t = stockLevels\n",
      ),
    ).toEqual([expect.stringContaining('The tables of another module')])
    expect(
      await restrictedImports('app/modules/catalog/x.server.ts', "import { products } from '../../../db/schema'\nexport const t = products\n"),
    ).toEqual([expect.stringContaining("your module's own table file")])
  })

  it("lets a module import its own tables and another module's public files", async () => {
    const code = [
      "import { orders } from '../../../db/schema/orders'",
      "import { cartLines } from '../../../db/schema/ordering'",
      "import { organisationRef } from '../tenancy/queries.server'",
      'export const t = [orders, cartLines, organisationRef]',
    ].join('\n')
    expect(await restrictedImports('app/modules/ordering/x.server.ts', code)).toEqual([])
  })

  it("refuses another module's internal server files, from a module or a route", async () => {
    expect(await restrictedImports('app/modules/ordering/x.server.ts', "import * as t from '../catalog/import.server'\nexport { t }\n")).toHaveLength(
      1,
    )
    expect(await restrictedImports('app/routes/x.tsx', "import * as t from '../modules/auctions/reports.server'\nexport { t }\n")).toHaveLength(1)
    expect(await restrictedImports('app/routes/x.tsx', "import * as t from '~/modules/auctions/queries.server'\nexport { t }\n")).toEqual([])
  })

  it('refuses tables and the client in adapters', async () => {
    expect(await restrictedImports('app/routes/x.tsx', "import { orders } from '../../db/schema/orders'\nexport const t = orders\n")).toHaveLength(1)
    expect(await restrictedImports('realtime/x.ts', "import { db } from '../db/client.server'\nexport const t = db\n")).toHaveLength(1)
  })

  it('lets only the guards grant a scope', async () => {
    const code = "import { grantScope } from '../auth/scope.server'\nexport const s = grantScope('read:order:any', null)\n"
    expect(await restrictedImports('app/modules/ordering/x.server.ts', code)).toEqual([expect.stringContaining('Only the guards make a scope')])
    expect(
      await restrictedImports('app/modules/ordering/x.server.ts', "import { inScope } from '../auth/scope.server'\nexport const f = inScope\n"),
    ).toEqual([])
    expect(await restrictedImports('app/modules/auth/guards.server.ts', code.replace('../auth/', './'))).toEqual([])
  })
})
