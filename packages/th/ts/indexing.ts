// Advanced indexing, gather/scatter, masking, joining and splitting: Tensor methods and function forms.
export {};
