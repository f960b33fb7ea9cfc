// The EDI module's writes, for routes and other modules.
export {}
