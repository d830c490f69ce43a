// Matrix products and friends (mm, bmm, matmul, einsum, tril, ...): Tensor methods and function forms.
export {};
