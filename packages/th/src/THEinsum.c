/* einsum: the equation parsed and checked against the operands (THEinsum_plan), then run
 * (THEinsum_run): repeated labels become diagonals, labels no one else needs are summed out, and
 * operands are contracted in pairs, smallest result first, each pair through one bmm. Views are
 * libTH's; products and allocations go through THEinsumOps, so THC runs this same code. */
#include <string.h>

#include "THInternal.h"
#include "TH/THBlas.h"
#include "TH/THEinsum.h"

#define EIN_LETTERS TH_EINSUM_LETTERS
#define EIN_LABELS TH_EINSUM_LABELS

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
static int einSumOut(const THEinsumOps *x, EinOp *o, const char *keep) {
  int64_t perm[TH_MAX_DIMS], sizes[TH_MAX_DIMS];
  int np = 0, nk = 0, lab[TH_MAX_DIMS];
  int64_t P = 1, S = 1;
  for (int d = 0; d < o->n; d++)
    if (keep[o->lab[d]]) perm[np++] = d, sizes[nk] = o->t->sizes[d], lab[nk++] = o->lab[d], P *= o->t->sizes[d];
  if (nk == o->n) return TH_OK;
  for (int d = 0; d < o->n; d++)
    if (!keep[o->lab[d]]) perm[np++] = d, S *= o->t->sizes[d];
  int64_t ps[2] = {P, S};
  THTensor *p = THTensor_newPermute(o->t, o->n, perm), *m = p ? x->newReshape(x->ctx, p, 2, ps) : NULL;
  THTensor *ones = x->newOnes(x->ctx, o->t->dtype, S);
  THTensor *v = x->newTensor(x->ctx, o->t->dtype), *res = NULL;
  int st = TH_ERR;
  if (m && ones && v && x->mv(x->ctx, v, m, ones) == TH_OK && (res = THTensor_newView(v, nk, sizes))) {
    THTensor_free(o->t);
    o->t = res;
    res = NULL;
    o->n = nk;
    memcpy(o->lab, lab, sizeof(int) * (size_t)nk);
    st = TH_OK;
  }
  THTensor_free(p);
  THTensor_free(m);
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
static int einContract(const THEinsumOps *x, const EinOp *A, const EinOp *B, const char *needed, const int64_t *labelSize,
                       EinOp *out) {
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
  THTensor *a3 = ax ? x->newReshape(x->ctx, ax, 3, s3a) : NULL, *b3 = bx ? x->newReshape(x->ctx, bx, 3, s3b) : NULL;
  THTensor *prod = x->newTensor(x->ctx, A->t->dtype);
  int st = TH_ERR;
  out->t = NULL;
  if (a3 && b3 && prod && x->bmm(x->ctx, prod, a3, b3) == TH_OK && (out->t = THTensor_newView(prod, no, os))) {
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

int THEinsum_plan(THEinsumPlan *p, const THTensor *r, const char *equation, int nops, const THTensor *const *operands) {
  if (nops < 1) return THError("einsum(): must provide at least one operand");
  if (nops > TH_EINSUM_MAX_OPERANDS) return THError("einsum(): at most %d operands are supported, got %d", TH_EINSUM_MAX_OPERANDS, nops);
  for (int k = 1; k < nops; k++)
    if (operands[k]->dtype != operands[0]->dtype)
      return THError("einsum(): expected all operands to have the same dtype, but operand 0 is %s and operand %d is %s",
                     THDType_name(operands[0]->dtype), k, THDType_name(operands[k]->dtype));
  THDType dt = operands[0]->dtype;
  if (dt == TH_Bool) return THError("einsum(): not implemented for 'bool'");
  if (THCheckOutDtype("einsum", r, dt)) return TH_ERR;

  /* ---- parse ---- */
  memset(p, 0, sizeof *p);
  int nterm = 0, *nlet = p->nlet, *ellAt = p->ellAt, (*let)[TH_MAX_DIMS] = p->let;
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
  int *outLab = p->outLab, nout = 0, count[EIN_LABELS] = {0};
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
  p->nops = nops;
  p->E = E;
  p->nout = nout;
  return TH_OK;
}


int THEinsum_run(const THEinsumPlan *p, const THEinsumOps *x, THTensor *r, const THTensor *const *operands) {
  /* ---- operands: labels per dim, repeated labels taken as diagonals, sizes checked ---- */
  const int *nlet = p->nlet, *ellAt = p->ellAt, *outLab = p->outLab, E = p->E, nout = p->nout, nops = p->nops;
  const int(*let)[TH_MAX_DIMS] = p->let;
  char inOut[EIN_LABELS] = {0};
  for (int i = 0; i < nout; i++) inOut[outLab[i]] = 1;
  EinOp ops[TH_EINSUM_MAX_OPERANDS];
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
      if (einSumOut(x, &ops[i], keep)) goto done;
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
    if (einContract(x, &ops[bi], &ops[bj], needed, labelSize, &res)) goto done;
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
  if (r->storage == finalT->storage) { /* a plain permutation of r itself: copy first */
    THTensor *c = x->newClone(x->ctx, finalT);
    st = c ? x->assign(x->ctx, r, c) : TH_ERR;
    THTensor_free(c);
  } else {
    st = x->assign(x->ctx, r, finalT);
  }
done:
  for (int i = 0; i < nlive; i++) THTensor_free(ops[i].t);
  THTensor_free(finalT);
  return st;
}

/* ---- libTH's products ---- */

static THTensor *thNewTensor(void *ctx, THDType dtype) { return THTensor_new(dtype); }
static THTensor *thNewOnes(void *ctx, THDType dtype, int64_t n) {
  THTensor *one = THTensor_newScalar(dtype, 1), *ones = one ? THTensor_newExpand(one, 1, &n) : NULL;
  THTensor_free(one);
  return ones;
}
static THTensor *thNewReshape(void *ctx, const THTensor *t, int ndim, const int64_t *sizes) { return THTensor_newReshape(t, ndim, sizes); }
static THTensor *thNewClone(void *ctx, const THTensor *t) { return THTensor_newClone(t); }
static int thMv(void *ctx, THTensor *r, const THTensor *m, const THTensor *v) { return THTensor_mv(r, m, v); }
static int thBmm(void *ctx, THTensor *r, const THTensor *a, const THTensor *b) { return THTensor_bmm(r, a, b); }
static int thAssign(void *ctx, THTensor *r, const THTensor *t) {
  if (THTensor_resizeOutput(r, t->ndim, t->sizes)) return TH_ERR;
  return THTensor_copy(r, t);
}

int THTensor_einsum(THTensor *r, const char *equation, int nops, const THTensor *const *operands) {
  static const THEinsumOps th = {NULL, thNewTensor, thNewOnes, thNewReshape, thNewClone, thMv, thBmm, thAssign};
  THEinsumPlan p;
  if (THEinsum_plan(&p, r, equation, nops, operands)) return TH_ERR;
  return THEinsum_run(&p, &th, r, operands);
}
