// Sorting, selection and search (sort, topk, unique, searchsorted, median, ...): methods and function forms.
export {};
