import type { Entry } from '../index'

// Onboarding: the public "become a partner" form, the applicant status page, the desk's applications, password set-up.
export const onboarding = {} satisfies Record<string, Entry>
