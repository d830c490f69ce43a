// Generators and random sampling (rand, randn, normal_, multinomial, ...).
export {};
