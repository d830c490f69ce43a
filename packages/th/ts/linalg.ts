// torch.linalg (through LAPACK): exported as the `linalg` namespace.
export {};
