import type { MessageKey } from '../../i18n'

// The rules of a partner application's life (issue 13, "Onboarding"), with no database in them: which stage may
// follow which, what the checking stage concludes from its findings, the reference number and the status link.

export const applicationStages = ['received', 'checking', 'agreement_offered', 'agreement_accepted', 'active', 'rejected'] as const
export type ApplicationStage = (typeof applicationStages)[number]

/** What moves an application on, and who does it: staff on the desk, the applicant on the status page. */
export type ApplicationStep = 'check' | 'offer' | 'accept' | 'activate' | 'reject'

const from: Record<ApplicationStep, readonly ApplicationStage[]> = {
  // The check is re-runnable while nothing has been offered yet (a duplicate may have been resolved meanwhile).
  check: ['received', 'checking'],
  offer: ['checking'],
  accept: ['agreement_offered'],
  activate: ['agreement_accepted'],
  // Staff may turn an application down at any point before it is active.
  reject: ['received', 'checking', 'agreement_offered', 'agreement_accepted'],
}

const to: Record<ApplicationStep, ApplicationStage> = {
  check: 'checking',
  offer: 'agreement_offered',
  accept: 'agreement_accepted',
  activate: 'active',
  reject: 'rejected',
}

export type StepVerdict = { ok: true; next: ApplicationStage } | { ok: false; message: MessageKey }

/**
 * Whether `step` may be taken from `stage`, and where it leads. An agreement is offered only to an application whose
 * check passed: a duplicate INN must be resolved (or the application rejected) first.
 */
export function stepVerdict(stage: ApplicationStage, step: ApplicationStep, verification?: VerificationStatus): StepVerdict {
  if (!from[step].includes(stage))
    return { ok: false, message: stage === 'active' || stage === 'rejected' ? 'application.error.closed' : 'application.error.stage' }
  if (step === 'offer' && verification !== 'passed') return { ok: false, message: 'application.error.checkFailed' }
  return { ok: true, next: to[step] }
}

/** The steps a desk page offers for an application in `stage` (the applicant's "accept" is not the desk's). */
export function deskSteps(stage: ApplicationStage, verification: VerificationStatus): Exclude<ApplicationStep, 'accept'>[] {
  return (['check', 'offer', 'activate', 'reject'] as const).filter((s) => stepVerdict(stage, s, verification).ok)
}

export type VerificationStatus = 'unchecked' | 'passed' | 'failed'

/** One finding of the check: another organisation or application with the same INN. Names are for staff only. */
export type DuplicateFinding =
  | { kind: 'organisation'; id: string; name: string; inn: string }
  | { kind: 'application'; id: string; number: string; name: string; inn: string; status: ApplicationStage }

export interface Verification {
  checkedAt: string
  innValid: boolean
  duplicates: DuplicateFinding[]
}

/** The check's verdict: the INN must be valid and belong to nobody else on the portal, registered or applying. */
export function verificationOf(findings: { innValid: boolean; duplicates: DuplicateFinding[] }): VerificationStatus {
  return findings.innValid && findings.duplicates.length === 0 ? 'passed' : 'failed'
}

/** "P-2026-000012": the year of the operator's calendar and a serial within it. */
export function applicationNumber(year: string, serial: number): string {
  return `P-${year}-${String(serial).padStart(6, '0')}`
}

/** The serial of a number of `year`, or null if it is not one. */
export function serialOf(number: string, year: string): number | null {
  const m = /^P-(\d{4})-(\d{6})$/.exec(number)
  return m && m[1] === year ? Number(m[2]) : null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Splits a status-link token `<application id>.<secret>`; null if it cannot be one (a 404, never a query). */
export function parseStatusToken(token: string | undefined): { id: string; secret: string } | null {
  if (!token || token.length > 100) return null
  const dot = token.indexOf('.')
  if (dot < 0) return null
  const id = token.slice(0, dot).toLowerCase()
  const secret = token.slice(dot + 1)
  if (!UUID.test(id) || !/^[a-z2-7]{24}$/.test(secret)) return null
  return { id, secret }
}

export const statusPath = (id: string, secret: string) => `/partners/apply/${id}.${secret}`
