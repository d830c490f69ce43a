// Reductions and scans (sum, mean, max, var, norm, cumsum, ...): Tensor methods and function forms.
export {};
