// Factories for the partner programme's rebates (issue 13): the seed and the tests make their rows the same way.
export {}
