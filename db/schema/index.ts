export * from './audit'
export * from './auth'
export * from './tenancy'
