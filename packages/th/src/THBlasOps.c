/* Ops built on the matrix products of THBlas.c, or next to them in PyTorch's API: outer, kron,
 * tensordot, einsum, trace, tril/triu, diag, diagEmbed, cross. Products go through the public
 * THTensor_mm/bmm/mv on views (permute + reshape), so they share the GEMM dispatch. */
#include <stdlib.h>
#include <string.h>

#include "THDispatch.h"
#include "TH/THBlas.h"

static int resizeOut(THTensor *r, int ndim, const int64_t *sizes) {
  if (r->ndim == ndim && memcmp(r->sizes, sizes, sizeof(int64_t) * (size_t)ndim) == 0) return TH_OK;
  return THTensor_resize(r, ndim, sizes);
}

static int sharesMemory(const THTensor *a, const THTensor *b) { return a && b && a->storage == b->storage; }

static int checkOut(const char *op, const THTensor *r, THDType t) {
  if (r->dtype != t)
    return THError("%s: Expected out tensor to have dtype %s, but got %s instead", op, THDType_name(t), THDType_name(r->dtype));
  return TH_OK;
}

/* Resizes r to t's shape and copies t into it. */
static int assign(THTensor *r, const THTensor *t) {
  if (resizeOut(r, t->ndim, t->sizes) || THTensor_copy(r, t)) return TH_ERR;
  return TH_OK;
}

#define VIA_TEMP(r, call)                                                                                   \
  do {                                                                                                      \
    THTensor *tmp_ = THTensor_new((r)->dtype);                                                              \
    int st_ = tmp_ ? (call) : TH_ERR;                                                                       \
    if (st_ == TH_OK) st_ = assign((r), tmp_);                                                              \
    THTensor_free(tmp_);                                                                                    \
    return st_;                                                                                             \
  } while (0)

/* ---- outer, kron, tensordot ---- */

int THTensor_outer(THTensor *r, const THTensor *a, const THTensor *b) {
  if (a->ndim != 1) return THError("outer: Expected 1-D argument self, but got %d-D", a->ndim);
  if (b->ndim != 1) return THError("outer: Expected 1-D argument vec2, but got %d-D", b->ndim);
  THTensor *col = THTensor_newUnsqueeze(a, 1);
  int st = col ? THTensor_binary(r, col, b, TH_OP_mul) : TH_ERR;
  THTensor_free(col);
  return st;
}

int THTensor_kron(THTensor *r, const THTensor *a, const THTensor *b) {
  int n = a->ndim > b->ndim ? a->ndim : b->ndim;
  if (2 * n > TH_MAX_DIMS) return THError("kron: at most %d dimensions are supported, got %d", TH_MAX_DIMS / 2, n);
  THDType rt;
  if (THTensor_binaryResultType(TH_OP_mul, a, b, &rt)) return TH_ERR;
  if (!THDType_canCast(rt, r->dtype))
    return THError("kron: result type %s can't be cast to the desired output type %s", THDType_name(rt), THDType_name(r->dtype));
  int64_t ai[TH_MAX_DIMS], bi[TH_MAX_DIMS], fin[TH_MAX_DIMS];
  for (int i = 0; i < n; i++) {
    int64_t sa = i - (n - a->ndim) >= 0 ? a->sizes[i - (n - a->ndim)] : 1;
    int64_t sb = i - (n - b->ndim) >= 0 ? b->sizes[i - (n - b->ndim)] : 1;
    ai[2 * i] = sa, ai[2 * i + 1] = 1;
    bi[2 * i] = 1, bi[2 * i + 1] = sb;
    fin[i] = sa * sb;
  }
  THTensor *av = THTensor_newReshape(a, 2 * n, ai), *bv = THTensor_newReshape(b, 2 * n, bi), *tmp = THTensor_new(rt),
           *res = NULL;
  int st = TH_ERR;
  if (av && bv && tmp && THTensor_binary(tmp, av, bv, TH_OP_mul) == TH_OK && (res = THTensor_newReshape(tmp, n, fin)))
    st = assign(r, res);
  THTensor_free(av);
  THTensor_free(bv);
  THTensor_free(tmp);
  THTensor_free(res);
  return st;
}

int THTensor_tensordot(THTensor *r, const THTensor *a, const THTensor *b, int n, const int64_t *dimsA, const int64_t *dimsB) {
  if (a->dtype != b->dtype)
    return THError("tensordot: expected both inputs to have the same dtype, but got %s and %s", THDType_name(a->dtype),
                   THDType_name(b->dtype));
  if (checkOut("tensordot", r, a->dtype)) return TH_ERR;
  if (n > a->ndim || n > b->ndim)
    return THError("tensordot: cannot contract %d dims of tensors with %d and %d dims", n, a->ndim, b->ndim);
  int da[TH_MAX_DIMS], db[TH_MAX_DIMS], usedA[TH_MAX_DIMS] = {0}, usedB[TH_MAX_DIMS] = {0};
  for (int i = 0; i < n; i++) {
    if (THTensor_wrapDim(a, dimsA[i], &da[i]) || THTensor_wrapDim(b, dimsB[i], &db[i])) return TH_ERR;
    if (usedA[da[i]]++) return THError("tensordot: dim %d appears multiple times in the list of dims", da[i]);
    if (usedB[db[i]]++) return THError("tensordot: dim %d appears multiple times in the list of dims", db[i]);
    if (a->sizes[da[i]] != b->sizes[db[i]])
      return THError("contracted dimensions need to match, but first has size %lld in dim %d and second has size %lld in dim %d",
                     (long long)a->sizes[da[i]], da[i], (long long)b->sizes[db[i]], db[i]);
  }
  int64_t permA[TH_MAX_DIMS], permB[TH_MAX_DIMS], out[TH_MAX_DIMS];
  int pa = 0, pb = 0, no = 0;
  int64_t P = 1, K = 1, Q = 1;
  for (int d = 0; d < a->ndim; d++)
    if (!usedA[d]) permA[pa++] = d, P *= a->sizes[d], out[no++] = a->sizes[d];
  for (int i = 0; i < n; i++) permA[pa++] = da[i], permB[pb++] = db[i], K *= a->sizes[da[i]];
  for (int d = 0; d < b->ndim; d++)
    if (!usedB[d]) permB[pb++] = d, Q *= b->sizes[d], out[no++] = b->sizes[d];
  int64_t sa[2] = {P, K}, sb[2] = {K, Q};
  THTensor *ap = THTensor_newPermute(a, a->ndim, permA), *bp = THTensor_newPermute(b, b->ndim, permB);
  THTensor *am = ap ? THTensor_newReshape(ap, 2, sa) : NULL, *bm = bp ? THTensor_newReshape(bp, 2, sb) : NULL;
  THTensor *prod = THTensor_new(a->dtype), *res = NULL;
  int st = TH_ERR;
  if (am && bm && prod && THTensor_mm(prod, am, bm) == TH_OK && (res = THTensor_newView(prod, no, out))) st = assign(r, res);
  THTensor_free(ap);
  THTensor_free(bp);
  THTensor_free(am);
  THTensor_free(bm);
  THTensor_free(prod);
  THTensor_free(res);
  return st;
}

/* ---- einsum ---- */

#define EIN_LETTERS 52 /* 'A'-'Z' then 'a'-'z'; ellipsis dims are labels 52, 53, ... */
#define EIN_LABELS (EIN_LETTERS + TH_MAX_DIMS)

typedef struct EinOp {
  THTensor *t;
  int n;
  int lab[TH_MAX_DIMS];
} EinOp;

static int einLabel(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  return -1;
}
static char einChar(int l) { return l < 26 ? (char)('A' + l) : l < EIN_LETTERS ? (char)('a' + l - 26) : '.'; }

/* Replaces o->t by the sum over the dims whose labels are not in keep (through mv with ones). */
static int einSumOut(EinOp *o, const char *keep) {
  int64_t perm[TH_MAX_DIMS], sizes[TH_MAX_DIMS];
  int np = 0, nk = 0, lab[TH_MAX_DIMS];
  int64_t P = 1, S = 1;
  for (int d = 0; d < o->n; d++)
    if (keep[o->lab[d]]) perm[np++] = d, sizes[nk] = o->t->sizes[d], lab[nk++] = o->lab[d], P *= o->t->sizes[d];
  if (nk == o->n) return TH_OK;
  for (int d = 0; d < o->n; d++)
    if (!keep[o->lab[d]]) perm[np++] = d, S *= o->t->sizes[d];
  int64_t ps[2] = {P, S};
  THTensor *p = THTensor_newPermute(o->t, o->n, perm), *m = p ? THTensor_newReshape(p, 2, ps) : NULL;
  THTensor *one = THTensor_newScalar(o->t->dtype, 1), *ones = one ? THTensor_newExpand(one, 1, &S) : NULL;
  THTensor *v = THTensor_new(o->t->dtype), *res = NULL;
  int st = TH_ERR;
  if (m && ones && v && THTensor_mv(v, m, ones) == TH_OK && (res = THTensor_newView(v, nk, sizes))) {
    THTensor_free(o->t);
    o->t = res;
    res = NULL;
    o->n = nk;
    memcpy(o->lab, lab, sizeof(int) * (size_t)nk);
    st = TH_OK;
  }
  THTensor_free(p);
  THTensor_free(m);
  THTensor_free(one);
  THTensor_free(ones);
  THTensor_free(v);
  THTensor_free(res);
  return st;
}

static int einHas(const EinOp *o, int l) {
  for (int d = 0; d < o->n; d++)
    if (o->lab[d] == l) return d;
  return -1;
}

/* A x B over their shared labels through one bmm: labels in both that are still needed are
 * batch dims, the other shared ones are summed; the result is [batch..., A's own..., B's own...]. */
static int einContract(const EinOp *A, const EinOp *B, const char *needed, const int64_t *labelSize, EinOp *out) {
  int batch[TH_MAX_DIMS], con[TH_MAX_DIMS], left[TH_MAX_DIMS], right[TH_MAX_DIMS];
  int nb = 0, nc = 0, nl = 0, nr = 0;
  for (int d = 0; d < A->n; d++) {
    int l = A->lab[d];
    if (einHas(B, l) >= 0) {
      if (needed[l]) batch[nb++] = l;
      else con[nc++] = l;
    } else {
      left[nl++] = l;
    }
  }
  for (int d = 0; d < B->n; d++)
    if (einHas(A, B->lab[d]) < 0) right[nr++] = B->lab[d];
  if (nb + nl + nr > TH_MAX_DIMS) return THError("einsum(): the result would have more than %d dimensions", TH_MAX_DIMS);
  int64_t pa[TH_MAX_DIMS], pb[TH_MAX_DIMS], ea[TH_MAX_DIMS], eb[TH_MAX_DIMS], os[TH_MAX_DIMS];
  int64_t NB = 1, M = 1, K = 1, N = 1;
  int ia = 0, ib = 0, no = 0;
  for (int i = 0; i < nb; i++) {
    int64_t s = labelSize[batch[i]];
    pa[ia] = einHas(A, batch[i]), ea[ia++] = s, pb[ib] = einHas(B, batch[i]), eb[ib++] = s, NB *= s, os[no] = s;
    out->lab[no++] = batch[i];
  }
  for (int i = 0; i < nl; i++) {
    int d = einHas(A, left[i]);
    pa[ia] = d, ea[ia++] = A->t->sizes[d], M *= A->t->sizes[d], os[no] = A->t->sizes[d];
    out->lab[no++] = left[i];
  }
  for (int i = 0; i < nc; i++) {
    int64_t s = labelSize[con[i]];
    pa[ia] = einHas(A, con[i]), ea[ia++] = s, pb[ib] = einHas(B, con[i]), eb[ib++] = s, K *= s;
  }
  for (int i = 0; i < nr; i++) {
    int d = einHas(B, right[i]);
    pb[ib] = d, eb[ib++] = B->t->sizes[d], N *= B->t->sizes[d], os[no] = B->t->sizes[d];
    out->lab[no++] = right[i];
  }
  int64_t s3a[3] = {NB, M, K}, s3b[3] = {NB, K, N};
  THTensor *ap = THTensor_newPermute(A->t, A->n, pa), *bp = THTensor_newPermute(B->t, B->n, pb);
  THTensor *ax = ap ? THTensor_newExpand(ap, ia, ea) : NULL, *bx = bp ? THTensor_newExpand(bp, ib, eb) : NULL;
  THTensor *a3 = ax ? THTensor_newReshape(ax, 3, s3a) : NULL, *b3 = bx ? THTensor_newReshape(bx, 3, s3b) : NULL;
  THTensor *prod = THTensor_new(A->t->dtype);
  int st = TH_ERR;
  out->t = NULL;
  if (a3 && b3 && prod && THTensor_bmm(prod, a3, b3) == TH_OK && (out->t = THTensor_newView(prod, no, os))) {
    out->n = no;
    st = TH_OK;
  }
  THTensor_free(ap);
  THTensor_free(bp);
  THTensor_free(ax);
  THTensor_free(bx);
  THTensor_free(a3);
  THTensor_free(b3);
  THTensor_free(prod);
  return st;
}

int THTensor_einsum(THTensor *r, const char *equation, int nops, const THTensor *const *operands) {
  if (nops < 1) return THError("einsum(): must provide at least one operand");
  if (nops > 64) return THError("einsum(): at most 64 operands are supported, got %d", nops);
  for (int k = 1; k < nops; k++)
    if (operands[k]->dtype != operands[0]->dtype)
      return THError("einsum(): expected all operands to have the same dtype, but operand 0 is %s and operand %d is %s",
                     THDType_name(operands[0]->dtype), k, THDType_name(operands[k]->dtype));
  THDType dt = operands[0]->dtype;
  if (dt == TH_Bool) return THError("einsum(): not implemented for 'bool'");
  if (checkOut("einsum", r, dt)) return TH_ERR;

  /* ---- parse ---- */
  int nterm = 0, nlet[64] = {0}, ellAt[64], let[64][TH_MAX_DIMS];
  for (int k = 0; k < 64; k++) ellAt[k] = -1;
  const char *arrow = strstr(equation, "->");
  const char *lhsEnd = arrow ? arrow : equation + strlen(equation);
  for (const char *c = equation; c < lhsEnd; c++) {
    int idx = (int)(c - equation);
    if (*c == ' ') continue;
    if (*c == ',') {
      if (++nterm >= nops) return THError("einsum(): fewer operands were provided than specified in the equation");
      continue;
    }
    if (*c == '.') {
      if (c + 2 >= lhsEnd || c[1] != '.' || c[2] != '.')
        return THError("einsum(): found '.' for operand %d that is not part of any ellipsis", nterm);
      if (ellAt[nterm] >= 0) return THError("einsum(): found '.' for operand %d for which an ellipsis was already found", nterm);
      ellAt[nterm] = nlet[nterm];
      c += 2;
      continue;
    }
    int l = einLabel(*c);
    if (l < 0)
      return THError("einsum(): invalid subscript given at index %d in the equation string, subscripts must be in [a-zA-Z]", idx);
    if (nlet[nterm] >= TH_MAX_DIMS) return THError("einsum(): too many subscripts for operand %d", nterm);
    let[nterm][nlet[nterm]++] = l;
  }
  if (nterm + 1 < nops) return THError("einsum(): more operands were provided than specified in the equation");
  int E = 0;
  for (int k = 0; k < nops; k++) {
    int nd = operands[k]->ndim;
    if (ellAt[k] < 0 && nlet[k] != nd)
      return THError("einsum(): the number of subscripts in the equation (%d) does not match the number of dimensions (%d) "
                     "for operand %d and no ellipsis was given",
                     nlet[k], nd, k);
    if (ellAt[k] >= 0 && nlet[k] > nd)
      return THError("einsum(): the number of subscripts in the equation (%d) is more than the number of dimensions (%d) for "
                     "operand %d",
                     nlet[k], nd, k);
    if (ellAt[k] >= 0 && nd - nlet[k] > E) E = nd - nlet[k];
  }
  /* output labels */
  int outLab[EIN_LABELS], nout = 0, count[EIN_LABELS] = {0};
  char inOut[EIN_LABELS] = {0};
  for (int k = 0; k < nops; k++)
    for (int i = 0; i < nlet[k]; i++) count[let[k][i]]++;
  if (arrow) {
    int sawEll = 0;
    for (const char *c = arrow + 2; *c; c++) {
      int idx = (int)(c - equation);
      if (*c == ' ') continue;
      if (*c == '.') {
        if (c[1] != '.' || c[2] != '.') return THError("einsum(): found '.' for output that is not part of any ellipsis");
        if (sawEll) return THError("einsum(): found '.' for output for which an ellipsis was already found");
        sawEll = 1;
        for (int e = 0; e < E; e++) outLab[nout++] = EIN_LETTERS + e;
        c += 2;
        continue;
      }
      int l = einLabel(*c);
      if (l < 0)
        return THError("einsum(): invalid subscript given at index %d in the equation string, subscripts must be in [a-zA-Z]", idx);
      if (!count[l]) return THError("einsum(): output subscript %c does not appear in the equation for any input operand", *c);
      if (inOut[l]) return THError("einsum(): output subscript %c appears more than once in the output", *c);
      inOut[l] = 1;
      outLab[nout++] = l;
    }
  } else {
    for (int e = 0; e < E; e++) outLab[nout++] = EIN_LETTERS + e;
    for (int l = 0; l < EIN_LETTERS; l++)
      if (count[l] == 1) outLab[nout++] = l;
  }
  if (nout > TH_MAX_DIMS) return THError("einsum(): the output would have more than %d dimensions", TH_MAX_DIMS);
  memset(inOut, 0, sizeof inOut);
  for (int i = 0; i < nout; i++) inOut[outLab[i]] = 1;

  /* ---- operands: labels per dim, repeated labels taken as diagonals, sizes checked ---- */
  EinOp ops[64];
  int nlive = 0, st = TH_ERR;
  int64_t labelSize[EIN_LABELS];
  for (int l = 0; l < EIN_LABELS; l++) labelSize[l] = -1;
  THTensor *finalT = NULL;
  for (int k = 0; k < nops; k++) {
    EinOp *o = &ops[nlive];
    int nd = operands[k]->ndim, ne = ellAt[k] >= 0 ? nd - nlet[k] : 0, n = 0;
    for (int i = 0; i < nlet[k]; i++) {
      if (i == ellAt[k])
        for (int e = 0; e < ne; e++) o->lab[n++] = EIN_LETTERS + E - ne + e;
      o->lab[n++] = let[k][i];
    }
    if (ellAt[k] == nlet[k])
      for (int e = 0; e < ne; e++) o->lab[n++] = EIN_LETTERS + E - ne + e;
    o->n = n;
    if (!(o->t = THTensor_newAlias(operands[k]))) goto done;
    nlive++;
    for (int again = 1; again;) {
      again = 0;
      for (int d1 = 0; d1 < o->n && !again; d1++)
        for (int d2 = d1 + 1; d2 < o->n && !again; d2++) {
          if (o->lab[d1] != o->lab[d2]) continue;
          if (o->t->sizes[d1] != o->t->sizes[d2]) {
            THError("einsum(): subscript %c is repeated for operand %d but the sizes don't match, %lld != %lld",
                    einChar(o->lab[d1]), k, (long long)o->t->sizes[d2], (long long)o->t->sizes[d1]);
            goto done;
          }
          THTensor *dg = THTensor_newDiagonal(o->t, 0, d1, d2);
          if (!dg) goto done;
          THTensor_free(o->t);
          o->t = dg;
          int l = o->lab[d1], m = 0;
          for (int d = 0; d < o->n; d++)
            if (d != d1 && d != d2) o->lab[m++] = o->lab[d];
          o->lab[m++] = l;
          o->n = m;
          again = 1;
        }
    }
    for (int d = 0; d < o->n; d++) {
      int l = o->lab[d];
      int64_t s = o->t->sizes[d];
      if (labelSize[l] == -1 || labelSize[l] == 1) labelSize[l] = s;
      else if (s != 1 && s != labelSize[l]) {
        if (l < EIN_LETTERS)
          THError("einsum(): subscript %c has size %lld for operand %d which does not broadcast with previously seen size %lld",
                  einChar(l), (long long)s, k, (long long)labelSize[l]);
        else
          THError("einsum(): operands do not broadcast: the ellipsis dims of operand %d have size %lld where another has %lld", k,
                  (long long)s, (long long)labelSize[l]);
        goto done;
      }
    }
  }

  /* ---- contract: sum out labels no one else needs, then pairs with the smallest result first ---- */
  while (1) {
    for (int i = 0; i < nlive; i++) {
      char keep[EIN_LABELS];
      memcpy(keep, inOut, sizeof keep);
      for (int j = 0; j < nlive; j++)
        if (j != i)
          for (int d = 0; d < ops[j].n; d++) keep[ops[j].lab[d]] = 1;
      if (einSumOut(&ops[i], keep)) goto done;
    }
    if (nlive == 1) break;
    int bi = 0, bj = 1;
    double best = -1;
    for (int i = 0; i < nlive; i++)
      for (int j = i + 1; j < nlive; j++) {
        char needed[EIN_LABELS];
        memcpy(needed, inOut, sizeof needed);
        for (int k = 0; k < nlive; k++)
          if (k != i && k != j)
            for (int d = 0; d < ops[k].n; d++) needed[ops[k].lab[d]] = 1;
        double size = 1;
        char seen[EIN_LABELS] = {0};
        for (int pass = 0; pass < 2; pass++) {
          const EinOp *o = pass ? &ops[j] : &ops[i];
          for (int d = 0; d < o->n; d++) {
            int l = o->lab[d];
            if (seen[l]) continue;
            seen[l] = 1;
            int shared = einHas(pass ? &ops[i] : &ops[j], l) >= 0;
            if (!shared || needed[l]) size *= (double)labelSize[l];
          }
        }
        if (best < 0 || size < best) best = size, bi = i, bj = j;
      }
    char needed[EIN_LABELS];
    memcpy(needed, inOut, sizeof needed);
    for (int k = 0; k < nlive; k++)
      if (k != bi && k != bj)
        for (int d = 0; d < ops[k].n; d++) needed[ops[k].lab[d]] = 1;
    EinOp res;
    if (einContract(&ops[bi], &ops[bj], needed, labelSize, &res)) goto done;
    THTensor_free(ops[bi].t);
    THTensor_free(ops[bj].t);
    ops[bi] = res;
    for (int k = bj; k + 1 < nlive; k++) ops[k] = ops[k + 1];
    nlive--;
  }

  /* ---- the output's dim order ---- */
  int64_t perm[TH_MAX_DIMS];
  for (int i = 0; i < nout; i++) perm[i] = einHas(&ops[0], outLab[i]);
  if (!(finalT = THTensor_newPermute(ops[0].t, nout, perm))) goto done;
  st = sharesMemory(r, finalT) ? TH_OK : assign(r, finalT);
  if (st == TH_OK && sharesMemory(r, finalT)) { /* a plain permutation of r itself: copy first */
    THTensor *c = THTensor_newClone(finalT);
    st = c ? assign(r, c) : TH_ERR;
    THTensor_free(c);
  }
done:
  for (int i = 0; i < nlive; i++) THTensor_free(ops[i].t);
  THTensor_free(finalT);
  return st;
}

/* ---- trace, tril/triu, diag, diagEmbed ---- */

int THTensor_trace(THTensor *r, const THTensor *a) {
  if (a->ndim != 2) return THError("trace: expected a matrix, but got tensor with dim %d", a->ndim);
  if (a->dtype == TH_Bool) return THError("\"trace\" not implemented for 'bool'");
  THDType rt = THDType_isIntegral(a->dtype, 1) ? TH_Int64 : a->dtype;
  if (checkOut("trace", r, rt)) return TH_ERR;
  int64_t n = a->sizes[0] < a->sizes[1] ? a->sizes[0] : a->sizes[1];
  int64_t step = (a->strides[0] + a->strides[1]) * (int64_t)THDType_size(a->dtype);
  const char *p = THTensor_bytes(a);
  double fsum = 0;
  int64_t isum = 0;
  switch (a->dtype) {
#define TRACE_CASE(D, _)                                                            \
  case TH_##D:                                                                      \
    for (int64_t i = 0; i < n; i++) {                                               \
      if (THDType_isFloating(TH_##D)) fsum += (double)TH_LOAD_##D(p + i * step);    \
      else isum += (int64_t)TH_LOAD_##D(p + i * step);                              \
    }                                                                               \
    break;
    TH_ALL_DTYPES(TRACE_CASE)
#undef TRACE_CASE
    default: return THError("trace: invalid dtype");
  }
  if (resizeOut(r, 0, NULL)) return TH_ERR;
  if (rt == TH_Int64) TH_STORE_Int64(THTensor_bytes(r), isum);
  else thStoreAt[rt](THTensor_bytes(r), 0, fsum);
  THTensor_bumpVersion(r);
  return TH_OK;
}

static int triangle(const char *op, THTensor *r, const THTensor *a, int64_t k, int upper) {
  if (a->ndim < 2) return THError("%s: input tensor must have at least 2 dimensions", op);
  if (checkOut(op, r, a->dtype)) return TH_ERR;
  if (r != a) {
    if (sharesMemory(r, a)) VIA_TEMP(r, triangle(op, tmp_, a, k, upper));
    if (assign(r, a)) return TH_ERR;
  }
  int nd = r->ndim;
  int64_t R = r->sizes[nd - 2], C = r->sizes[nd - 1], rs = r->strides[nd - 2], cs = r->strides[nd - 1];
  int64_t es = (int64_t)THDType_size(r->dtype), nb = 1;
  for (int d = 0; d < nd - 2; d++) nb *= r->sizes[d];
  char *base = THTensor_bytes(r);
  for (int64_t b = 0; b < nb && R > 0 && C > 0; b++) {
    int64_t off = 0, idx = b;
    for (int d = nd - 3; d >= 0; d--) off += (idx % r->sizes[d]) * r->strides[d], idx /= r->sizes[d];
    for (int64_t i = 0; i < R; i++) {
      /* columns to zero: tril keeps j <= i + k, triu keeps j >= i + k */
      int64_t j0 = upper ? 0 : i + k + 1, j1 = upper ? i + k : C;
      if (j0 < 0) j0 = 0;
      if (j1 > C) j1 = C;
      if (j0 >= j1) continue;
      char *row = base + (off + i * rs) * es;
      if (cs == 1) memset(row + j0 * es, 0, (size_t)((j1 - j0) * es));
      else
        for (int64_t j = j0; j < j1; j++) memset(row + j * cs * es, 0, (size_t)es);
    }
  }
  THTensor_bumpVersion(r);
  return TH_OK;
}

int THTensor_tril(THTensor *r, const THTensor *a, int64_t diagonal) { return triangle("tril", r, a, diagonal, 0); }
int THTensor_triu(THTensor *r, const THTensor *a, int64_t diagonal) { return triangle("triu", r, a, diagonal, 1); }

int THTensor_diag(THTensor *r, const THTensor *a, int64_t diagonal) {
  if (a->ndim != 1 && a->ndim != 2) return THError("diag: matrix or a vector expected, but got a %dD tensor", a->ndim);
  if (checkOut("diag", r, a->dtype)) return TH_ERR;
  if (sharesMemory(r, a)) VIA_TEMP(r, THTensor_diag(tmp_, a, diagonal));
  if (a->ndim == 2) {
    THTensor *d = THTensor_newDiagonal(a, diagonal, 0, 1);
    int st = d ? assign(r, d) : TH_ERR;
    THTensor_free(d);
    return st;
  }
  int64_t m = a->sizes[0] + (diagonal < 0 ? -diagonal : diagonal), sizes[2] = {m, m};
  if (resizeOut(r, 2, sizes) || THTensor_zero(r)) return TH_ERR;
  THTensor *d = THTensor_newDiagonal(r, diagonal, 0, 1);
  int st = d ? THTensor_copy(d, a) : TH_ERR;
  THTensor_free(d);
  return st;
}

int THTensor_diagEmbed(THTensor *r, const THTensor *a, int64_t offset, int64_t dim1, int64_t dim2) {
  if (a->ndim < 1) return THError("diag_embed: expected a tensor with at least 1 dimension, but got a 0D tensor");
  if (a->ndim + 1 > TH_MAX_DIMS) return THError("diag_embed: too many dimensions");
  if (checkOut("diag_embed", r, a->dtype)) return TH_ERR;
  int nd = a->ndim + 1;
  int64_t w[2] = {dim1, dim2};
  for (int i = 0; i < 2; i++) {
    int d;
    if (THWrapDim(w[i], nd, &d)) return TH_ERR;
    w[i] = d;
  }
  if (w[0] == w[1]) return THError("diagonal dimensions cannot be identical %lld, %lld", (long long)dim1, (long long)dim2);
  if (sharesMemory(r, a)) VIA_TEMP(r, THTensor_diagEmbed(tmp_, a, offset, dim1, dim2));
  int64_t n = a->sizes[a->ndim - 1] + (offset < 0 ? -offset : offset), sizes[TH_MAX_DIMS];
  for (int d = 0, s = 0; d < nd; d++) sizes[d] = d == w[0] || d == w[1] ? n : a->sizes[s++];
  if (resizeOut(r, nd, sizes) || THTensor_zero(r)) return TH_ERR;
  THTensor *d = THTensor_newDiagonal(r, offset, w[0], w[1]);
  int st = d ? THTensor_copy(d, a) : TH_ERR;
  THTensor_free(d);
  return st;
}

/* ---- cross ---- */

int THTensor_cross(THTensor *r, const THTensor *a, const THTensor *b, int hasDim, int64_t dim) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (a->dtype != b->dtype)
    return THError("linalg.cross: expected input and other to have the same dtype, but got %s and %s", THDType_name(a->dtype),
                   THDType_name(b->dtype));
  if (a->dtype == TH_Bool) return THError("linalg.cross: not implemented for 'bool'");
  if (checkOut("linalg.cross", r, a->dtype)) return TH_ERR;
  if (a->ndim != b->ndim)
    return THError("linalg.cross: inputs must have the same number of dimensions, but got shapes %s and %s",
                   THShapeStr(ba, sizeof ba, a->ndim, a->sizes), THShapeStr(bb, sizeof bb, b->ndim, b->sizes));
  int nd;
  int64_t shape[TH_MAX_DIMS];
  if (THBroadcastShapes(a->ndim, a->sizes, b->ndim, b->sizes, &nd, shape)) return TH_ERR;
  int d = -1;
  if (hasDim) {
    if (nd == 0) return THError("linalg.cross: expected tensors with at least 1 dimension");
    if (THTensor_wrapDim(a, dim, &d)) return TH_ERR;
    if (a->sizes[d] != 3 || b->sizes[d] != 3)
      return THError("linalg.cross: inputs dimension %d must have length 3. Got %lld and %lld", d, (long long)a->sizes[d],
                     (long long)b->sizes[d]);
  } else {
    for (int i = 0; i < nd && d < 0; i++)
      if (a->sizes[i] == 3) d = i;
    if (d < 0) return THError("no dimension of size 3 in input (shapes %s and %s)", THShapeStr(ba, sizeof ba, a->ndim, a->sizes),
                              THShapeStr(bb, sizeof bb, b->ndim, b->sizes));
    if (b->sizes[d] != 3)
      return THError("linalg.cross: inputs dimension %d must have length 3. Got %lld and %lld", d, (long long)a->sizes[d],
                     (long long)b->sizes[d]);
  }
  THTensor *ae = THTensor_newExpand(a, nd, shape), *be = THTensor_newExpand(b, nd, shape);
  THTensor *res = THTensor_newWithSize(a->dtype, nd, shape);
  THTensor *ac[3] = {0}, *bc[3] = {0}, *rc[3] = {0}, *p = THTensor_new(a->dtype), *q = THTensor_new(a->dtype);
  int st = TH_ERR;
  if (!ae || !be || !res || !p || !q) goto done;
  for (int i = 0; i < 3; i++)
    if (!(ac[i] = THTensor_newSelect(ae, d, i)) || !(bc[i] = THTensor_newSelect(be, d, i)) || !(rc[i] = THTensor_newSelect(res, d, i)))
      goto done;
  for (int i = 0; i < 3; i++) {
    int j = (i + 1) % 3, k = (i + 2) % 3; /* r_i = a_j b_k - a_k b_j */
    if (THTensor_binary(p, ac[j], bc[k], TH_OP_mul) || THTensor_binary(q, ac[k], bc[j], TH_OP_mul) ||
        THTensor_sub(rc[i], p, q, 1))
      goto done;
  }
  st = assign(r, res);
done:
  for (int i = 0; i < 3; i++) THTensor_free(ac[i]), THTensor_free(bc[i]), THTensor_free(rc[i]);
  THTensor_free(ae);
  THTensor_free(be);
  THTensor_free(res);
  THTensor_free(p);
  THTensor_free(q);
  return st;
}
