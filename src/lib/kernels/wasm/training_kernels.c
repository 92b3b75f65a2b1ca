/*
 * Digit Lab's gradient kernels in WebAssembly SIMD (NHWC, float32).
 * Rebuild with scripts/build-kernels.sh; the built .wasm is checked in beside this file.
 *
 * The module imports its memory. It may be handed the TF.js wasm backend's own
 * memory and then works on tensors in place, so it must never touch memory it
 * was not given a pointer to: no static data, no stack (everything lives in
 * locals; the build script rejects a binary that uses __stack_pointer), and
 * zero-fills go through memory.fill (bulk memory), never a libc call.
 *
 * Each product costs a multiply and an add (plain wasm SIMD has no fused
 * multiply-add; the relaxed build has one, see MADD) and the machine has few vector registers, so the loops keep small blocks of
 * running sums in registers and load each value once per block.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define INLINE static inline __attribute__((always_inline))

/*
 * acc + a * b. Built with -mrelaxed-simd (training-kernels-relaxed*.wasm), one
 * fused multiply-add (f32x4.relaxed_madd) where the browser has relaxed SIMD
 * (Chrome 114+): half the instructions of the conv loops' inner products, and
 * one rounding instead of two. clang 14's builtin still emits the proposal's
 * old opcode; scripts/build-kernels.sh rewrites it to relaxed_madd's.
 */
#ifdef __wasm_relaxed_simd__
#define MADD(a, b, acc) ((v128_t)__builtin_wasm_fma_f32x4((__f32x4)(a), (__f32x4)(b), (__f32x4)(acc)))
#define HAS_FMA 1
#else
#define MADD(a, b, acc) wasm_f32x4_add((acc), wasm_f32x4_mul((a), (b)))
#define HAS_FMA 0
#endif

/* 1 in the relaxed-SIMD build: the page reports which build runs. */
EXPORT("fused_multiply_add")
int fused_multiply_add(void) { return HAS_FMA; }

INLINE int min_int(int a, int b) { return a < b ? a : b; }
INLINE int max_int(int a, int b) { return a > b ? a : b; }

/* ---------------------------------------------------------------------------
 * Conv2DBackpropFilter: dW[kh][kw][ci][co] = sum over b, oh, ow of
 * x[b][ih][iw][ci] * dy[b][oh][ow][co], with ih = oh*sh + kh - pt, iw = ow*sw + kw - pl.
 *
 * In NHWC, the (kw, ci) pairs of one filter row kh are one contiguous run of
 * KW*CI floats in x (starting at column ow*sw - pl), and dW rows (kh, j = kw*CI + ci)
 * are contiguous too. So a block of NB consecutive j and 4*NV output channels
 * keeps NB*NV vector sums in registers while walking every output pixel.
 * Sums restart for each image and are then added to dW: shorter float32 sums.
 * ------------------------------------------------------------------------- */
INLINE void filter_grad_block(const float *restrict x, const float *restrict dy, float *restrict dw,
                              int b, int H, int W, int CI, int OH, int OW, int CO, int sh, int sw,
                              int pt, int pl, int kh, int j0, int co0, const int NB, const int NV) {
  const int L = W * CI; /* floats in one input row */
  v128_t sum[4][2];
  _Pragma("clang loop unroll(full)")
  for (int k = 0; k < NB; k++)
    _Pragma("clang loop unroll(full)")
    for (int v = 0; v < NV; v++) sum[k][v] = wasm_f32x4_splat(0.0f);
  for (int oh = 0; oh < OH; oh++) {
    const int ih = oh * sh + kh - pt;
    if (ih < 0 || ih >= H) continue;
    const float *xrow = x + ((b * H + ih) * W) * CI;
    const float *dyrow = dy + ((b * OH + oh) * OW) * CO + co0;
    for (int ow = 0; ow < OW; ow++) {
      const int start = (ow * sw - pl) * CI + j0; /* index in xrow of j0 */
      /* dy is re-read per use rather than kept in a small array: clang keeps such an
         array on the stack, which this module must not use; the loads are CSE'd. */
      const float *g = dyrow + ow * CO;
      if (start >= 0 && start + NB <= L) {
        _Pragma("clang loop unroll(full)")
        for (int k = 0; k < NB; k++) {
          const v128_t xv = wasm_v128_load32_splat(xrow + start + k);
          _Pragma("clang loop unroll(full)")
          for (int v = 0; v < NV; v++) sum[k][v] = MADD(xv, wasm_v128_load(g + 4 * v), sum[k][v]);
        }
      } else { /* the block reaches into the zero padding */
        _Pragma("clang loop unroll(full)")
        for (int k = 0; k < NB; k++) {
          const int i = start + k;
          const v128_t xv = wasm_f32x4_splat(i >= 0 && i < L ? xrow[i] : 0.0f);
          _Pragma("clang loop unroll(full)")
          for (int v = 0; v < NV; v++) sum[k][v] = MADD(xv, wasm_v128_load(g + 4 * v), sum[k][v]);
        }
      }
    }
  }
  _Pragma("clang loop unroll(full)")
  for (int k = 0; k < NB; k++) {
    float *out = dw + (j0 + k) * CO + co0;
    _Pragma("clang loop unroll(full)")
    for (int v = 0; v < NV; v++) wasm_v128_store(out + 4 * v, wasm_f32x4_add(wasm_v128_load(out + 4 * v), sum[k][v]));
  }
}

/* Requires CO % 4 == 0 (the caller falls back to the JS loop otherwise). */
EXPORT("conv2d_filter_grad")
void conv2d_filter_grad(const float *restrict x, const float *restrict dy, float *restrict dw, int B, int H,
                        int W, int CI, int OH, int OW, int CO, int KH, int KW, int sh, int sw, int pt, int pl) {
  const int rowLength = KW * CI;
  __builtin_memset(dw, 0, (unsigned)(KH * rowLength * CO) * sizeof(float));
  for (int b = 0; b < B; b++) {
    for (int kh = 0; kh < KH; kh++) {
      float *dwRow = dw + kh * rowLength * CO;
      for (int j0 = 0; j0 < rowLength; j0 += 4) {
        const int nb = min_int(4, rowLength - j0);
        for (int co0 = 0; co0 < CO; co0 += 8) {
          const int nv = min_int(2, (CO - co0) / 4);
#define FILTER_BLOCK(NB, NV) \
  filter_grad_block(x, dy, dwRow, b, H, W, CI, OH, OW, CO, sh, sw, pt, pl, kh, j0, co0, NB, NV)
          switch (nb * 2 + nv) {
            case 4 * 2 + 2: FILTER_BLOCK(4, 2); break;
            case 4 * 2 + 1: FILTER_BLOCK(4, 1); break;
            case 3 * 2 + 2: FILTER_BLOCK(3, 2); break;
            case 3 * 2 + 1: FILTER_BLOCK(3, 1); break;
            case 2 * 2 + 2: FILTER_BLOCK(2, 2); break;
            case 2 * 2 + 1: FILTER_BLOCK(2, 1); break;
            case 1 * 2 + 2: FILTER_BLOCK(1, 2); break;
            default: FILTER_BLOCK(1, 1); break;
          }
#undef FILTER_BLOCK
        }
      }
    }
  }
}

/* ---------------------------------------------------------------------------
 * Conv2DBackpropInput: each dy pixel (b, oh, ow) contributes, for each filter
 * row kh, the values cols[j] = sum over co of dy[b][oh][ow][co] * W[kh][j][co]
 * (j = kw*CI + ci) to the contiguous run dx[b][ih][ow*sw - pl ...] of the input
 * row it came from. W is read along co, so cols are dot products: four of
 * them run side by side and one 4x4 transpose-and-add turns their partial
 * sums into a vector that is added to dx in one go.
 * ------------------------------------------------------------------------- */
INLINE v128_t transpose_add(v128_t a0, v128_t a1, v128_t a2, v128_t a3) {
  const v128_t s01 = wasm_f32x4_add(wasm_i32x4_shuffle(a0, a1, 0, 4, 1, 5), wasm_i32x4_shuffle(a0, a1, 2, 6, 3, 7));
  const v128_t s23 = wasm_f32x4_add(wasm_i32x4_shuffle(a2, a3, 0, 4, 1, 5), wasm_i32x4_shuffle(a2, a3, 2, 6, 3, 7));
  return wasm_f32x4_add(wasm_i32x4_shuffle(s01, s23, 0, 1, 4, 5), wasm_i32x4_shuffle(s01, s23, 2, 3, 6, 7));
}

/* Four dot products of g with the rows w, w + CO, w + 2CO, w + 3CO (CO % 4 == 0). */
INLINE v128_t four_dots(const float *restrict g, const float *restrict w, int CO) {
  v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
  for (int c = 0; c < CO; c += 4) {
    const v128_t gv = wasm_v128_load(g + c);
    a0 = MADD(gv, wasm_v128_load(w + c), a0);
    a1 = MADD(gv, wasm_v128_load(w + CO + c), a1);
    a2 = MADD(gv, wasm_v128_load(w + 2 * CO + c), a2);
    a3 = MADD(gv, wasm_v128_load(w + 3 * CO + c), a3);
  }
  return transpose_add(a0, a1, a2, a3);
}

INLINE float one_dot(const float *restrict g, const float *restrict w, int CO) {
  v128_t a = wasm_f32x4_splat(0.0f);
  for (int c = 0; c < CO; c += 4) a = MADD(wasm_v128_load(g + c), wasm_v128_load(w + c), a);
  return wasm_f32x4_extract_lane(a, 0) + wasm_f32x4_extract_lane(a, 1) + wasm_f32x4_extract_lane(a, 2) +
         wasm_f32x4_extract_lane(a, 3);
}

/* Requires CO % 4 == 0 (the caller falls back to the JS loop otherwise). */
EXPORT("conv2d_input_grad")
void conv2d_input_grad(const float *restrict dy, const float *restrict w, float *restrict dx, int B, int H,
                       int W, int CI, int OH, int OW, int CO, int KH, int KW, int sh, int sw, int pt, int pl) {
  const int rowLength = KW * CI, rowFloats = W * CI;
  __builtin_memset(dx, 0, (unsigned)(B * H * rowFloats) * sizeof(float));
  for (int b = 0; b < B; b++) {
    for (int oh = 0; oh < OH; oh++) {
      for (int ow = 0; ow < OW; ow++) {
        const float *g = dy + ((b * OH + oh) * OW + ow) * CO;
        const int start = (ow * sw - pl) * CI; /* dx column offset of j = 0 */
        const int jEnd = min_int(rowLength, rowFloats - start);
        for (int kh = 0; kh < KH; kh++) {
          const int ih = oh * sh + kh - pt;
          if (ih < 0 || ih >= H) continue;
          float *out = dx + (b * H + ih) * rowFloats + start; /* out[j], j >= jStart, stays inside dx */
          const float *wRow = w + kh * rowLength * CO;
          int j = max_int(0, -start);
          for (; j + 4 <= jEnd; j += 4) {
            wasm_v128_store(out + j, wasm_f32x4_add(wasm_v128_load(out + j), four_dots(g, wRow + j * CO, CO)));
          }
          for (; j < jEnd; j++) out[j] += one_dot(g, wRow + j * CO, CO);
        }
      }
    }
  }
}

/* ---------------------------------------------------------------------------
 * MaxPoolGrad: four channels at a time find the first maximum of their window
 * (a strictly greater value replaces the best, so ties keep the earlier cell,
 * as the 'cpu' backend does; NaN never wins), then each lane adds its dy to
 * that cell. Cells of the padding are never visited.
 * ------------------------------------------------------------------------- */
INLINE void add_at(float *dx, int index, float value) {
  if (index >= 0) dx[index] += value;
}

/*
 * Windows that tile the input (stride = window, no padding: 2x2 pooling with
 * stride 2): every input cell is in at most one window, so dx is written once,
 * cell by cell, with no zero-fill first and no scattered adds. The same
 * comparisons as the general loop pick the same cell (the first maximum; a
 * window of NaN or -inf gets nothing). Rows and columns past the last window
 * are zeroed.
 *
 * With relu (x is then a ReLU's output, y = max(z, 0)), this is also the
 * ReLU's and the bias's gradient: the chosen cell keeps its gradient only
 * where its value is positive, and those gradients are summed per channel
 * (float32 along one output row into rowSums, then float64 into totals,
 * which the call zeroes first). One pass instead of zero-fill, scatter, mask and sum.
 */
INLINE void max_pool_grad_tiled(const float *restrict x, const float *restrict dy, float *restrict dx,
                                double *restrict totals, float *restrict rowSums, int B, int H, int W, int C, int OH,
                                int OW, int FH, int FW, const int relu) {
  const int C4 = C & ~3;
  const int coveredW = OW * FW, coveredH = OH * FH;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  if (relu) __builtin_memset(totals, 0, (unsigned)C * sizeof(double));
  for (int b = 0; b < B; b++) {
    const float *xb = x + b * H * W * C;
    float *dxb = dx + b * H * W * C;
    for (int oh = 0; oh < OH; oh++) {
      if (relu) __builtin_memset(rowSums, 0, (unsigned)C * sizeof(float));
      for (int ow = 0; ow < OW; ow++) {
        const float *g = dy + ((b * OH + oh) * OW + ow) * C;
        const int corner = ((oh * FH) * W + ow * FW) * C;
        for (int c = 0; c < C4; c += 4) {
          v128_t best = wasm_f32x4_splat(-__builtin_inff());
          v128_t where = wasm_i32x4_splat(-1);
          for (int kh = 0; kh < FH; kh++) {
            for (int kw = 0; kw < FW; kw++) {
              const v128_t value = wasm_v128_load(xb + corner + (kh * W + kw) * C + c);
              const v128_t greater = wasm_f32x4_gt(value, best);
              best = wasm_v128_bitselect(value, best, greater);
              where = wasm_v128_bitselect(wasm_i32x4_splat(kh * FW + kw), where, greater);
            }
          }
          v128_t gv = wasm_v128_load(g + c);
          if (relu) {
            gv = wasm_v128_and(gv, wasm_f32x4_gt(best, zero));
            wasm_v128_store(rowSums + c, wasm_f32x4_add(wasm_v128_load(rowSums + c), gv));
          }
          for (int kh = 0; kh < FH; kh++) {
            for (int kw = 0; kw < FW; kw++) {
              const v128_t here = wasm_i32x4_eq(where, wasm_i32x4_splat(kh * FW + kw));
              wasm_v128_store(dxb + corner + (kh * W + kw) * C + c, wasm_v128_and(gv, here));
            }
          }
        }
        for (int c = C4; c < C; c++) {
          float best = -__builtin_inff();
          int where = -1;
          for (int kh = 0; kh < FH; kh++) {
            for (int kw = 0; kw < FW; kw++) {
              const float value = xb[corner + (kh * W + kw) * C + c];
              if (value > best) {
                best = value;
                where = kh * FW + kw;
              }
            }
          }
          const float gc = relu && !(best > 0.0f) ? 0.0f : g[c];
          if (relu) rowSums[c] += gc;
          for (int k = 0; k < FH * FW; k++) dxb[corner + ((k / FW) * W + k % FW) * C + c] = k == where ? gc : 0.0f;
        }
      }
      if (relu) {
        for (int c = 0; c < C; c++) totals[c] += (double)rowSums[c];
      }
      if (coveredW < W) {
        for (int kh = 0; kh < FH; kh++)
          __builtin_memset(dxb + ((oh * FH + kh) * W + coveredW) * C, 0, (unsigned)((W - coveredW) * C) * sizeof(float));
      }
    }
    if (coveredH < H) __builtin_memset(dxb + coveredH * W * C, 0, (unsigned)((H - coveredH) * W * C) * sizeof(float));
  }
}

/*
 * The fused ReLU + bias + max-pool gradient (see max_pool_grad_tiled), for
 * windows that tile y. totals: C doubles, rowSums: C floats, both this call's
 * own (threads sum their totals with sum_partials afterwards).
 */
EXPORT("max_pool_relu_bias_grad")
void max_pool_relu_bias_grad(const float *restrict y, const float *restrict dy, float *restrict dz,
                             double *restrict totals, float *restrict rowSums, int B, int H, int W, int C, int OH,
                             int OW, int FH, int FW) {
  if (FH == 2 && FW == 2) max_pool_grad_tiled(y, dy, dz, totals, rowSums, B, H, W, C, OH, OW, 2, 2, 1);
  else max_pool_grad_tiled(y, dy, dz, totals, rowSums, B, H, W, C, OH, OW, FH, FW, 1);
}

/* db[c] = the sum over parts p of totals[p * C + c] (float64), rounded once to float32. */
EXPORT("sum_partials")
void sum_partials(const double *restrict totals, int parts, int C, float *restrict db) {
  for (int c = 0; c < C; c++) {
    double sum = 0.0;
    for (int p = 0; p < parts; p++) sum += totals[p * C + c];
    db[c] = (float)sum;
  }
}

/*
 * MaxPool forward for windows that tile x (see max_pool_grad_tiled): the
 * maximum of each window as the 'cpu' backend finds it (values compared with
 * >, from -inf, so NaN never wins and a window of NaN gives -inf).
 */
INLINE void max_pool_forward_tiled(const float *restrict x, float *restrict y, int B, int H, int W, int C, int OH,
                                   int OW, int FH, int FW) {
  const int C4 = C & ~3;
  for (int b = 0; b < B; b++) {
    const float *xb = x + b * H * W * C;
    for (int oh = 0; oh < OH; oh++) {
      for (int ow = 0; ow < OW; ow++) {
        float *out = y + ((b * OH + oh) * OW + ow) * C;
        const int corner = ((oh * FH) * W + ow * FW) * C;
        for (int c = 0; c < C4; c += 4) {
          v128_t best = wasm_f32x4_splat(-__builtin_inff());
          for (int kh = 0; kh < FH; kh++) {
            for (int kw = 0; kw < FW; kw++) {
              const v128_t value = wasm_v128_load(xb + corner + (kh * W + kw) * C + c);
              best = wasm_v128_bitselect(value, best, wasm_f32x4_gt(value, best));
            }
          }
          wasm_v128_store(out + c, best);
        }
        for (int c = C4; c < C; c++) {
          float best = -__builtin_inff();
          for (int kh = 0; kh < FH; kh++) {
            for (int kw = 0; kw < FW; kw++) {
              const float value = xb[corner + (kh * W + kw) * C + c];
              if (value > best) best = value;
            }
          }
          out[c] = best;
        }
      }
    }
  }
}

EXPORT("max_pool_forward")
void max_pool_forward(const float *restrict x, float *restrict y, int B, int H, int W, int C, int OH, int OW, int FH,
                      int FW) {
  if (FH == 2 && FW == 2) max_pool_forward_tiled(x, y, B, H, W, C, OH, OW, 2, 2);
  else max_pool_forward_tiled(x, y, B, H, W, C, OH, OW, FH, FW);
}

EXPORT("max_pool_grad")
void max_pool_grad(const float *restrict x, const float *restrict dy, float *restrict dx, int B, int H, int W,
                   int C, int OH, int OW, int FH, int FW, int sh, int sw, int pt, int pl) {
  if (sh == FH && sw == FW && pt == 0 && pl == 0 && OH * FH <= H && OW * FW <= W) {
    if (FH == 2 && FW == 2) max_pool_grad_tiled(x, dy, dx, 0, 0, B, H, W, C, OH, OW, 2, 2, 0); /* unrolled */
    else max_pool_grad_tiled(x, dy, dx, 0, 0, B, H, W, C, OH, OW, FH, FW, 0);
    return;
  }
  __builtin_memset(dx, 0, (unsigned)(B * H * W * C) * sizeof(float));
  const int C4 = C & ~3;
  const v128_t laneOffsets = wasm_i32x4_make(0, 1, 2, 3);
  for (int b = 0; b < B; b++) {
    for (int oh = 0; oh < OH; oh++) {
      const int rowStart = max_int(0, oh * sh - pt), rowEnd = min_int(H, oh * sh - pt + FH);
      for (int ow = 0; ow < OW; ow++) {
        const int colStart = max_int(0, ow * sw - pl), colEnd = min_int(W, ow * sw - pl + FW);
        const float *g = dy + ((b * OH + oh) * OW + ow) * C;
        for (int c = 0; c < C4; c += 4) {
          v128_t best = wasm_f32x4_splat(-__builtin_inff());
          v128_t where = wasm_i32x4_splat(-1);
          for (int ih = rowStart; ih < rowEnd; ih++) {
            for (int iw = colStart; iw < colEnd; iw++) {
              const int index = ((b * H + ih) * W + iw) * C + c;
              const v128_t value = wasm_v128_load(x + index);
              const v128_t greater = wasm_f32x4_gt(value, best);
              best = wasm_v128_bitselect(value, best, greater);
              where = wasm_v128_bitselect(wasm_i32x4_add(wasm_i32x4_splat(index), laneOffsets), where, greater);
            }
          }
          const v128_t gv = wasm_v128_load(g + c);
          add_at(dx, wasm_i32x4_extract_lane(where, 0), wasm_f32x4_extract_lane(gv, 0));
          add_at(dx, wasm_i32x4_extract_lane(where, 1), wasm_f32x4_extract_lane(gv, 1));
          add_at(dx, wasm_i32x4_extract_lane(where, 2), wasm_f32x4_extract_lane(gv, 2));
          add_at(dx, wasm_i32x4_extract_lane(where, 3), wasm_f32x4_extract_lane(gv, 3));
        }
        for (int c = C4; c < C; c++) {
          float best = -__builtin_inff();
          int where = -1;
          for (int ih = rowStart; ih < rowEnd; ih++) {
            for (int iw = colStart; iw < colEnd; iw++) {
              const int index = ((b * H + ih) * W + iw) * C + c;
              if (x[index] > best) {
                best = x[index];
                where = index;
              }
            }
          }
          add_at(dx, where, g[c]);
        }
      }
    }
  }
}

/* ---------------------------------------------------------------------------
 * Channel sums: db[c] = sum over rows r of dz[r][c], for a [rows, C] tensor
 * (NHWC flattened: every pixel of every image is a row). With relu, dz is the
 * ReLU's gradient first, dz = y > 0 ? dy : 0 (y the ReLU's output, which is
 * positive exactly where its input is), and is written out. This is a bias's
 * gradient, fused with the ReLU before it: one pass instead of four.
 *
 * Sums run in float32 over blocks of CHANNEL_BLOCK rows, then in float64, so a
 * long column (256 images of 24x24 pixels) loses nothing.
 * ------------------------------------------------------------------------- */
#define CHANNEL_BLOCK 64

INLINE void channel_sum_block(const float *restrict y, const float *restrict dy, float *restrict dz,
                              float *restrict db, int rows, int C, int c0, const int NV, const int relu) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  v128_t low[4], high[4];
  _Pragma("clang loop unroll(full)")
  for (int v = 0; v < NV; v++) low[v] = high[v] = wasm_f64x2_splat(0.0);
  for (int r0 = 0; r0 < rows; r0 += CHANNEL_BLOCK) {
    const int r1 = min_int(rows, r0 + CHANNEL_BLOCK);
    v128_t part[4];
    _Pragma("clang loop unroll(full)")
    for (int v = 0; v < NV; v++) part[v] = zero;
    for (int r = r0; r < r1; r++) {
      const int at = r * C + c0;
      _Pragma("clang loop unroll(full)")
      for (int v = 0; v < NV; v++) {
        v128_t d = wasm_v128_load(dy + at + 4 * v);
        if (relu) {
          d = wasm_v128_and(d, wasm_f32x4_gt(wasm_v128_load(y + at + 4 * v), zero));
          wasm_v128_store(dz + at + 4 * v, d);
        }
        part[v] = wasm_f32x4_add(part[v], d);
      }
    }
    _Pragma("clang loop unroll(full)")
    for (int v = 0; v < NV; v++) {
      low[v] = wasm_f64x2_add(low[v], wasm_f64x2_promote_low_f32x4(part[v]));
      high[v] = wasm_f64x2_add(high[v], wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(part[v], part[v], 2, 3, 0, 1)));
    }
  }
  _Pragma("clang loop unroll(full)")
  for (int v = 0; v < NV; v++) {
    const v128_t l = wasm_f32x4_demote_f64x2_zero(low[v]), h = wasm_f32x4_demote_f64x2_zero(high[v]);
    wasm_v128_store(db + c0 + 4 * v, wasm_i32x4_shuffle(l, h, 0, 1, 4, 5));
  }
}

INLINE void channel_sums_all(const float *restrict y, const float *restrict dy, float *restrict dz,
                             float *restrict db, int rows, int C, const int relu) {
  int c0 = 0;
  for (; c0 + 16 <= C; c0 += 16) channel_sum_block(y, dy, dz, db, rows, C, c0, 4, relu);
  switch ((C - c0) / 4) {
    case 3: channel_sum_block(y, dy, dz, db, rows, C, c0, 3, relu); c0 += 12; break;
    case 2: channel_sum_block(y, dy, dz, db, rows, C, c0, 2, relu); c0 += 8; break;
    case 1: channel_sum_block(y, dy, dz, db, rows, C, c0, 1, relu); c0 += 4; break;
    default: break;
  }
  for (int c = c0; c < C; c++) { /* the last C % 4 channels */
    double total = 0.0;
    for (int r = 0; r < rows; r++) {
      float d = dy[r * C + c];
      if (relu) {
        d = y[r * C + c] > 0.0f ? d : 0.0f;
        dz[r * C + c] = d;
      }
      total += d;
    }
    db[c] = (float)total;
  }
}

EXPORT("channel_sums")
void channel_sums(const float *restrict x, float *restrict sums, int rows, int C) {
  channel_sums_all(0, x, 0, sums, rows, C, 0);
}

EXPORT("relu_bias_grad")
void relu_bias_grad(const float *restrict y, const float *restrict dy, float *restrict dz, float *restrict db,
                    int rows, int C) {
  channel_sums_all(y, dy, dz, db, rows, C, 1);
}

/* ---------------------------------------------------------------------------
 * Batch normalisation in training, over the rows of a [rows, C] tensor (NHWC
 * flattened), per channel. Each pass that sums over rows comes as `partials`
 * over a run of rows (one chunk; work-split.ts cuts the rows into runs of whole
 * CHANNEL_BLOCKs for the threads), each chunk into its own float64 totals, and
 * a `finish` on the calling thread that adds the chunks' totals in chunk order;
 * the elementwise passes (`apply`) take any run of rows. Partial sums run in
 * float32 over blocks of CHANNEL_BLOCK rows, totals in float64. The module has
 * no memory of its own: the caller hands every array, scratch included.
 *
 * Moments: mean and (biased) variance, shifted by the tensor's first row so a
 * large mean does not cancel the variance away.
 * Forward: y = x * a + b with a = gamma / sqrt(var + eps), b = beta - mean * a,
 * then max(y, 0) when relu.
 * Gradient: with dz = dy (or y > 0 ? dy : 0 when relu; y is the output),
 * xhat = (x - mean) * invstd, dbeta = sum dz, dgamma = sum dz * xhat, and
 * dx = gamma * invstd * (dz - dbeta / N - xhat * dgamma / N).
 * ------------------------------------------------------------------------- */
/* Not vectorised: clang 14's vector version of this loop gave wrong totals for the last channels on
   the first call of a fresh module in Node 20 (right on every later call; fused-training.test.ts,
   private-memory loops, caught it). Scalar, it is right from the first call, and it runs once per
   64 rows. */
INLINE void add_block_to_totals(float *restrict partial, double *restrict totals, int n) {
  _Pragma("clang loop vectorize(disable)")
  for (int i = 0; i < n; i++) {
    totals[i] += (double)partial[i];
    partial[i] = 0.0f;
  }
}

/* totals[0..2C) += the sums over parts chunks' totals (chunk j's at totals + j * stride doubles), in chunk order. */
INLINE void sum_chunk_totals(double *restrict totals, int parts, int stride, int n) {
  _Pragma("clang loop vectorize(disable)")
  for (int j = 1; j < parts; j++)
    for (int i = 0; i < n; i++) totals[i] += totals[j * stride + i];
}

/* One chunk of rows: totals[0..C) = sum of (x - shift), totals[C..2C) = sum of (x - shift)^2, float64;
   partial is 2C floats of scratch. */
EXPORT("channel_moment_partials")
void channel_moment_partials(const float *restrict x, const float *restrict shift, double *restrict totals,
                             float *restrict partial, int rows, int C) {
  __builtin_memset(totals, 0, (unsigned)(2 * C) * sizeof(double));
  __builtin_memset(partial, 0, (unsigned)(2 * C) * sizeof(float));
  const int C4 = C & ~3;
  for (int r0 = 0; r0 < rows; r0 += CHANNEL_BLOCK) {
    const int r1 = min_int(rows, r0 + CHANNEL_BLOCK);
    for (int r = r0; r < r1; r++) {
      const float *row = x + r * C;
      int c = 0;
      for (; c < C4; c += 4) {
        const v128_t d = wasm_f32x4_sub(wasm_v128_load(row + c), wasm_v128_load(shift + c));
        wasm_v128_store(partial + c, wasm_f32x4_add(wasm_v128_load(partial + c), d));
        wasm_v128_store(partial + C + c, wasm_f32x4_add(wasm_v128_load(partial + C + c), wasm_f32x4_mul(d, d)));
      }
      for (; c < C; c++) {
        const float d = row[c] - shift[c];
        partial[c] += d;
        partial[C + c] += d * d;
      }
    }
    add_block_to_totals(partial, totals, 2 * C);
  }
}

/* Mean and variance of all rows from `parts` chunks' totals (chunk j's at totals + j * stride doubles;
   the first chunk's are overwritten with the sums). */
EXPORT("channel_moments_finish")
void channel_moments_finish(double *restrict totals, int parts, int stride, const float *restrict shift,
                            float *restrict mean, float *restrict variance, int rows, int C) {
  sum_chunk_totals(totals, parts, stride, 2 * C);
  for (int c = 0; c < C; c++) {
    const double m = totals[c] / rows;
    const double v = totals[C + c] / rows - m * m;
    mean[c] = (float)((double)shift[c] + m);
    variance[c] = (float)(v > 0.0 ? v : 0.0);
  }
}

/* ab[0..C) = a, ab[C..2C) = b of y = x * a + b. */
EXPORT("batch_norm_coefficients")
void batch_norm_coefficients(const float *restrict mean, const float *restrict variance, const float *restrict gamma,
                             const float *restrict beta, float *restrict ab, int C, float eps) {
  for (int c = 0; c < C; c++) {
    const float a = gamma[c] / __builtin_sqrtf(variance[c] + eps);
    ab[c] = a;
    ab[C + c] = beta[c] - mean[c] * a;
  }
}

EXPORT("batch_norm_apply")
void batch_norm_apply(const float *restrict x, const float *restrict ab, float *restrict y, int rows, int C, int relu) {
  const float *restrict a = ab, *restrict b = ab + C;
  const int C4 = C & ~3;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int r = 0; r < rows; r++) {
    const float *row = x + r * C;
    float *out = y + r * C;
    int c = 0;
    for (; c < C4; c += 4) {
      v128_t v = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(row + c), wasm_v128_load(a + c)), wasm_v128_load(b + c));
      if (relu) v = wasm_f32x4_max(v, zero);
      wasm_v128_store(out + c, v);
    }
    for (; c < C; c++) {
      const float v = row[c] * a[c] + b[c];
      out[c] = relu && v < 0.0f ? 0.0f : v;
    }
  }
}

/* dy[at..at+3], or 0 where the ReLU's output y is not positive. */
INLINE v128_t masked_dy(const float *restrict dy, const float *restrict y, int at, int relu) {
  const v128_t d = wasm_v128_load(dy + at);
  return relu ? wasm_v128_and(d, wasm_f32x4_gt(wasm_v128_load(y + at), wasm_f32x4_splat(0.0f))) : d;
}

/* One chunk of rows: totals[0..C) = sum dz, totals[C..2C) = sum dz * (x - mean), float64; partial is 2C floats. */
EXPORT("batch_norm_grad_partials")
void batch_norm_grad_partials(const float *restrict x, const float *restrict dy, const float *restrict y,
                              const float *restrict mean, double *restrict totals, float *restrict partial, int rows,
                              int C, int relu) {
  __builtin_memset(totals, 0, (unsigned)(2 * C) * sizeof(double));
  __builtin_memset(partial, 0, (unsigned)(2 * C) * sizeof(float));
  const int C4 = C & ~3;
  for (int r0 = 0; r0 < rows; r0 += CHANNEL_BLOCK) {
    const int r1 = min_int(rows, r0 + CHANNEL_BLOCK);
    for (int r = r0; r < r1; r++) {
      const int at = r * C;
      int c = 0;
      for (; c < C4; c += 4) {
        const v128_t d = masked_dy(dy, y, at + c, relu);
        const v128_t centred = wasm_f32x4_sub(wasm_v128_load(x + at + c), wasm_v128_load(mean + c));
        wasm_v128_store(partial + c, wasm_f32x4_add(wasm_v128_load(partial + c), d));
        wasm_v128_store(partial + C + c, wasm_f32x4_add(wasm_v128_load(partial + C + c), wasm_f32x4_mul(d, centred)));
      }
      for (; c < C; c++) {
        const float d = relu && !(y[at + c] > 0.0f) ? 0.0f : dy[at + c];
        partial[c] += d;
        partial[C + c] += d * (x[at + c] - mean[c]);
      }
    }
    add_block_to_totals(partial, totals, 2 * C);
  }
}

/* dgamma, dbeta and coefficients[3C] (k, offset, slope: dx = k * dz + offset + (x - mean) * slope) from `parts`
   chunks' totals (chunk j's at totals + j * stride doubles; the first chunk's are overwritten with the sums). */
EXPORT("batch_norm_grad_finish")
void batch_norm_grad_finish(double *restrict totals, int parts, int stride, const float *restrict variance,
                            const float *restrict gamma, float *restrict coefficients, float *restrict dgamma,
                            float *restrict dbeta, int rows, int C, float eps) {
  sum_chunk_totals(totals, parts, stride, 2 * C);
  float *restrict k = coefficients, *restrict offset = coefficients + C, *restrict slope = coefficients + 2 * C;
  for (int c = 0; c < C; c++) {
    const double invstd = 1.0 / __builtin_sqrt((double)variance[c] + (double)eps);
    const double sumDz = totals[c], sumDzCentred = totals[C + c];
    dbeta[c] = (float)sumDz;
    dgamma[c] = (float)(sumDzCentred * invstd);
    const double kc = (double)gamma[c] * invstd;
    k[c] = (float)kc;
    offset[c] = (float)(-kc * sumDz / rows);
    slope[c] = (float)(-kc * invstd * invstd * sumDzCentred / rows);
  }
}

EXPORT("batch_norm_grad_apply")
void batch_norm_grad_apply(const float *restrict x, const float *restrict dy, const float *restrict y,
                           const float *restrict mean, const float *restrict coefficients, float *restrict dx, int rows,
                           int C, int relu) {
  const float *restrict k = coefficients, *restrict offset = coefficients + C, *restrict slope = coefficients + 2 * C;
  const int C4 = C & ~3;
  for (int r = 0; r < rows; r++) {
    const int at = r * C;
    int c = 0;
    for (; c < C4; c += 4) {
      const v128_t d = masked_dy(dy, y, at + c, relu);
      const v128_t centred = wasm_f32x4_sub(wasm_v128_load(x + at + c), wasm_v128_load(mean + c));
      const v128_t v = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(k + c), d), wasm_v128_load(offset + c)),
                                      wasm_f32x4_mul(centred, wasm_v128_load(slope + c)));
      wasm_v128_store(dx + at + c, v);
    }
    for (; c < C; c++) {
      const float d = relu && !(y[at + c] > 0.0f) ? 0.0f : dy[at + c];
      dx[at + c] = k[c] * d + offset[c] + (x[at + c] - mean[c]) * slope[c];
    }
  }
}

/* ---------------------------------------------------------------------------
 * Batch norm, ReLU and a max pool whose FH x FW windows tile the input (stride =
 * window, 'valid'), in training, without the full-size normalised tensor: the
 * forward pass writes only the pooled output, and the gradient recomputes
 * y = max(x * a + b, 0) (the same floats as the forward's) where it needs them.
 * x is [B, H, W, C]; the pooled y and its gradient dy are [B, OH, OW, C]; ab holds
 * a then b (batch_norm_coefficients). A window's gradient goes to its first
 * largest y, in row-major order, when that y is positive (the ReLU's mask), as
 * MaxPoolGrad then the ReLU's gradient give it; rows and columns past the last
 * window get none. By image on the threads: each chunk its own images, totals
 * and partial sums (float32 over one row of windows, then float64).
 * ------------------------------------------------------------------------- */
INLINE v128_t normalised(const float *restrict x, int at, v128_t a, v128_t b) {
  return wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(x + at), a), b);
}

INLINE float normalised_scalar(const float *restrict x, int at, float a, float b) { return x[at] * a + b; }

/* Window by window, each of its positions' C channels in one contiguous sweep (the running results live in
   the output or in the chunk's scratch, in memory, since the module has no stack for per-channel arrays). */
EXPORT("batch_norm_relu_pool_forward")
void batch_norm_relu_pool_forward(const float *restrict x, const float *restrict ab, float *restrict y, int B, int H,
                                  int W, int C, int OH, int OW, int FH, int FW) {
  const float *restrict a = ab, *restrict bb = ab + C;
  const int C4 = C & ~3;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int b = 0; b < B; b++)
    for (int oh = 0; oh < OH; oh++)
      for (int ow = 0; ow < OW; ow++) {
        float *restrict out = y + ((b * OH + oh) * OW + ow) * C;
        const int corner = ((b * H + oh * FH) * W + ow * FW) * C;
        for (int i = 0; i < FH; i++)
          for (int j = 0; j < FW; j++) {
            const int at = corner + (i * W + j) * C;
            const int first = i == 0 && j == 0; /* the ReLU's floor, 0, is the first position's other operand */
            int c = 0;
            for (; c < C4; c += 4) {
              const v128_t so_far = first ? zero : wasm_v128_load(out + c);
              wasm_v128_store(out + c, wasm_f32x4_max(so_far, normalised(x, at + c, wasm_v128_load(a + c), wasm_v128_load(bb + c))));
            }
            for (; c < C; c++) {
              const float v = normalised_scalar(x, at + c, a[c], bb[c]);
              const float so_far = first ? 0.0f : out[c];
              out[c] = v > so_far ? v : so_far;
            }
          }
      }
}

/* One chunk of images: totals[0..C) = sum dz, totals[C..2C) = sum dz * (x - mean), float64; partial is 4C floats
   (the sums, then each window's largest y and the x it came from). For every window and channel, `where` gets the
   position (i * FW + j, as a float) of its first largest y and `dz` the gradient that position takes: dy, or 0 where
   the ReLU masks it (both the pooled output's size). */
EXPORT("batch_norm_relu_pool_grad_partials")
void batch_norm_relu_pool_grad_partials(const float *restrict x, const float *restrict dy, const float *restrict ab,
                                        const float *restrict mean, double *restrict totals, float *restrict partial,
                                        float *restrict where, float *restrict dz, int B, int H, int W, int C, int OH,
                                        int OW, int FH, int FW) {
  __builtin_memset(totals, 0, (unsigned)(2 * C) * sizeof(double));
  __builtin_memset(partial, 0, (unsigned)(2 * C) * sizeof(float));
  float *restrict best = partial + 2 * C, *restrict bestX = partial + 3 * C;
  const float *restrict a = ab, *restrict bb = ab + C;
  const int C4 = C & ~3;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int b = 0; b < B; b++)
    for (int oh = 0; oh < OH; oh++) {
      for (int ow = 0; ow < OW; ow++) {
        const int corner = ((b * H + oh * FH) * W + ow * FW) * C;
        const int window = ((b * OH + oh) * OW + ow) * C;
        float *restrict at_where = where + window;
        /* The first largest y of the window, in row-major order (a later equal one does not replace it; the
           first position is taken as it is). */
        for (int i = 0; i < FH; i++)
          for (int j = 0; j < FW; j++) {
            const int at = corner + (i * W + j) * C;
            const int first = i == 0 && j == 0;
            const float position = (float)(i * FW + j);
            const v128_t positionV = wasm_f32x4_splat(position);
            int c = 0;
            for (; c < C4; c += 4) {
              const v128_t v = normalised(x, at + c, wasm_v128_load(a + c), wasm_v128_load(bb + c));
              const v128_t so_far = wasm_v128_load(best + c); /* not kept on the first position: every lane takes v */
              const v128_t larger = first ? wasm_i32x4_splat(-1) : wasm_f32x4_gt(v, so_far);
              wasm_v128_store(best + c, wasm_v128_bitselect(v, so_far, larger));
              wasm_v128_store(bestX + c, wasm_v128_bitselect(wasm_v128_load(x + at + c), wasm_v128_load(bestX + c), larger));
              wasm_v128_store(at_where + c, wasm_v128_bitselect(positionV, wasm_v128_load(at_where + c), larger));
            }
            for (; c < C; c++) {
              const float v = normalised_scalar(x, at + c, a[c], bb[c]);
              if (first || v > best[c]) {
                best[c] = v;
                bestX[c] = x[at + c];
                at_where[c] = position;
              }
            }
          }
        const float *g = dy + window;
        float *restrict at_dz = dz + window;
        int c = 0;
        for (; c < C4; c += 4) {
          const v128_t d = wasm_v128_and(wasm_v128_load(g + c), wasm_f32x4_gt(wasm_v128_load(best + c), zero));
          wasm_v128_store(at_dz + c, d);
          const v128_t centred = wasm_f32x4_sub(wasm_v128_load(bestX + c), wasm_v128_load(mean + c));
          wasm_v128_store(partial + c, wasm_f32x4_add(wasm_v128_load(partial + c), d));
          wasm_v128_store(partial + C + c, wasm_f32x4_add(wasm_v128_load(partial + C + c), wasm_f32x4_mul(d, centred)));
        }
        for (; c < C; c++) {
          const float d = best[c] > 0.0f ? g[c] : 0.0f;
          at_dz[c] = d;
          partial[c] += d;
          partial[C + c] += d * (bestX[c] - mean[c]);
        }
      }
      add_block_to_totals(partial, totals, 2 * C);
    }
}

/* dx = k * dz + offset + (x - mean) * slope (coefficients: k, offset, slope; batch_norm_grad_finish), position by
   position in memory order: dz is the window's where this is the position the partials chose, else 0. */
EXPORT("batch_norm_relu_pool_grad_apply")
void batch_norm_relu_pool_grad_apply(const float *restrict x, const float *restrict where, const float *restrict dz,
                                     const float *restrict mean, const float *restrict coefficients,
                                     float *restrict dx, int B, int H, int W, int C, int OH, int OW, int FH, int FW) {
  const float *restrict k = coefficients, *restrict offset = coefficients + C, *restrict slope = coefficients + 2 * C;
  const int C4 = C & ~3;
  for (int b = 0; b < B; b++)
    for (int h = 0; h < H; h++)
      for (int w = 0; w < W; w++) {
        const int at = ((b * H + h) * W + w) * C;
        const int covered = h < OH * FH && w < OW * FW;
        const int window = covered ? ((b * OH + h / FH) * OW + w / FW) * C : 0;
        const float position = covered ? (float)((h % FH) * FW + w % FW) : -1.0f; /* -1: no window's */
        const v128_t positionV = wasm_f32x4_splat(position);
        int c = 0;
        for (; c < C4; c += 4) {
          const v128_t base = wasm_f32x4_add(wasm_v128_load(offset + c),
                                             wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(x + at + c), wasm_v128_load(mean + c)), wasm_v128_load(slope + c)));
          const v128_t here = wasm_f32x4_eq(wasm_v128_load(where + window + c), positionV);
          const v128_t kd = wasm_v128_and(wasm_f32x4_mul(wasm_v128_load(k + c), wasm_v128_load(dz + window + c)), here);
          wasm_v128_store(dx + at + c, wasm_f32x4_add(kd, base));
        }
        for (; c < C; c++) {
          const float base = offset[c] + (x[at + c] - mean[c]) * slope[c];
          dx[at + c] = where[window + c] == position ? k[c] * dz[window + c] + base : base;
        }
      }
}

/* ---------------------------------------------------------------------------
 * Conv2D forward with its bias and ReLU: y[b][oh][ow][co] = act(bias[co] +
 * sum over kh, kw, ci of x[b][ih][iw][ci] * w[kh][kw][ci][co]).
 *
 * As in the filter gradient, the (kw, ci) pairs j of one filter row kh are a
 * contiguous run of KW*CI floats in x (from column ow*sw - pl of input row ih)
 * and w[kh][j] is a contiguous run of CO floats. A block of P neighbouring
 * output pixels and 4*NV output channels keeps P*NV vector sums in registers:
 * each w vector is loaded once per j for the P pixels, each x value splatted
 * once for the NV vectors. Ours rather than XNNPACK's so that it runs on our
 * threads (work-split.ts: by image) and uses the fused multiply-add.
 * ------------------------------------------------------------------------- */
INLINE void conv_forward_block(const float *restrict x, const float *restrict w, const float *restrict bias,
                               float *restrict y, int b, int H, int W, int CI, int OH, int OW, int CO, int KH,
                               int KW, int sh, int sw, int pt, int pl, int oh, int ow0, int co0, const int P,
                               const int NV, int relu) {
  const int L = W * CI, rowLength = KW * CI;
  v128_t acc[4][2];
  _Pragma("clang loop unroll(full)")
  for (int p = 0; p < P; p++)
    _Pragma("clang loop unroll(full)")
    for (int v = 0; v < NV; v++) acc[p][v] = bias ? wasm_v128_load(bias + co0 + 4 * v) : wasm_f32x4_splat(0.0f);
  const int start0 = (ow0 * sw - pl) * CI, step = sw * CI; /* x index of j = 0, for pixel p: start0 + p*step */
  for (int kh = 0; kh < KH; kh++) {
    const int ih = oh * sh + kh - pt;
    if (ih < 0 || ih >= H) continue;
    const float *xrow = x + ((b * H + ih) * W) * CI;
    const float *wrow = w + kh * rowLength * CO + co0;
    if (start0 >= 0 && start0 + (P - 1) * step + rowLength <= L) {
      _Pragma("clang loop vectorize(disable) interleave(disable)")
      for (int j = 0; j < rowLength; j++) {
        const float *wj = wrow + j * CO;
        _Pragma("clang loop unroll(full)")
        for (int p = 0; p < P; p++) {
          const v128_t xv = wasm_v128_load32_splat(xrow + start0 + p * step + j);
          _Pragma("clang loop unroll(full)")
          for (int v = 0; v < NV; v++) acc[p][v] = MADD(xv, wasm_v128_load(wj + 4 * v), acc[p][v]);
        }
      }
    } else { /* some of the block's runs reach into the zero padding */
      _Pragma("clang loop vectorize(disable) interleave(disable)")
      for (int j = 0; j < rowLength; j++) {
        const float *wj = wrow + j * CO;
        _Pragma("clang loop unroll(full)")
        for (int p = 0; p < P; p++) {
          const int i = start0 + p * step + j;
          const v128_t xv = wasm_f32x4_splat(i >= 0 && i < L ? xrow[i] : 0.0f);
          _Pragma("clang loop unroll(full)")
          for (int v = 0; v < NV; v++) acc[p][v] = MADD(xv, wasm_v128_load(wj + 4 * v), acc[p][v]);
        }
      }
    }
  }
  const v128_t zero = wasm_f32x4_splat(0.0f);
  _Pragma("clang loop unroll(full)")
  for (int p = 0; p < P; p++) {
    float *out = y + ((b * OH + oh) * OW + ow0 + p) * CO + co0;
    _Pragma("clang loop unroll(full)")
    for (int v = 0; v < NV; v++) wasm_v128_store(out + 4 * v, relu ? wasm_f32x4_max(acc[p][v], zero) : acc[p][v]);
  }
}

/* One function per block shape, so that each keeps its sums in locals (with one pixel per block, clang put them on the
   C stack, which this module must not use: hence blocks of 2 to 4 pixels, and the last pair again for a width of 4k + 1). */
#define CONV_FORWARD_BLOCK(P, NV)                                                                                      \
  __attribute__((noinline)) static void conv_forward_block_##P##_##NV(                                                 \
      const float *restrict x, const float *restrict w, const float *restrict bias, float *restrict y, int b, int H,   \
      int W, int CI, int OH, int OW, int CO, int KH, int KW, int sh, int sw, int pt, int pl, int oh, int ow0, int co0, \
      int relu) {                                                                                                      \
    conv_forward_block(x, w, bias, y, b, H, W, CI, OH, OW, CO, KH, KW, sh, sw, pt, pl, oh, ow0, co0, P, NV, relu);    \
  }
CONV_FORWARD_BLOCK(4, 2)
CONV_FORWARD_BLOCK(4, 1)
CONV_FORWARD_BLOCK(3, 2)
CONV_FORWARD_BLOCK(3, 1)
CONV_FORWARD_BLOCK(2, 2)
CONV_FORWARD_BLOCK(2, 1)
#undef CONV_FORWARD_BLOCK

/* Output channels co0..co1 of one output pixel, one at a time: the channels past the last
   multiple of 4, and every channel of a layer one column wide. */
static void conv_forward_pixel(const float *restrict x, const float *restrict w, const float *restrict bias,
                               float *restrict y, int b, int H, int W, int CI, int OH, int OW, int CO, int KH,
                               int KW, int sh, int sw, int pt, int pl, int oh, int ow, int co0, int co1, int relu) {
  for (int co = co0; co < co1; co++) {
    float sum = bias ? bias[co] : 0.0f;
    for (int kh = 0; kh < KH; kh++) {
      const int ih = oh * sh + kh - pt;
      if (ih < 0 || ih >= H) continue;
      for (int kw = 0; kw < KW; kw++) {
        const int iw = ow * sw + kw - pl;
        if (iw < 0 || iw >= W) continue;
        const float *xp = x + ((b * H + ih) * W + iw) * CI;
        const float *wp = w + ((kh * KW + kw) * CI) * CO + co;
        for (int ci = 0; ci < CI; ci++) sum += xp[ci] * wp[ci * CO];
      }
    }
    y[((b * OH + oh) * OW + ow) * CO + co] = relu && sum < 0.0f ? 0.0f : sum;
  }
}

/* Any geometry with dilation 1; bias may be 0 (no bias). */
EXPORT("conv2d_forward")
void conv2d_forward(const float *restrict x, const float *restrict w, const float *restrict bias, float *restrict y,
                    int B, int H, int W, int CI, int OH, int OW, int CO, int KH, int KW, int sh, int sw, int pt,
                    int pl, int relu) {
  const int CO4 = OW >= 2 ? CO & ~3 : 0; /* channels the vector blocks cover */
#define ARGS x, w, bias, y, b, H, W, CI, OH, OW, CO, KH, KW, sh, sw, pt, pl, oh, ow0, co0, relu
  for (int b = 0; b < B; b++) {
    for (int oh = 0; oh < OH; oh++) {
      if (CO4 > 0) {
        int ow0 = 0;
        for (; ow0 + 4 <= OW; ow0 += 4) {
          int co0 = 0;
          for (; co0 + 8 <= CO4; co0 += 8) conv_forward_block_4_2(ARGS);
          if (co0 < CO4) conv_forward_block_4_1(ARGS);
        }
        if (ow0 + 3 <= OW) { /* 3 left (7 columns: 4 + 3) */
          int co0 = 0;
          for (; co0 + 8 <= CO4; co0 += 8) conv_forward_block_3_2(ARGS);
          if (co0 < CO4) conv_forward_block_3_1(ARGS);
          ow0 += 3;
        } else if (ow0 + 2 <= OW) {
          int co0 = 0;
          for (; co0 + 8 <= CO4; co0 += 8) conv_forward_block_2_2(ARGS);
          if (co0 < CO4) conv_forward_block_2_1(ARGS);
          ow0 += 2;
        }
        if (ow0 < OW) { /* one column left: the last pair again, one pixel to the left (same values) */
          ow0 = OW - 2;
          int co0 = 0;
          for (; co0 + 8 <= CO4; co0 += 8) conv_forward_block_2_2(ARGS);
          if (co0 < CO4) conv_forward_block_2_1(ARGS);
        }
      }
      if (CO4 < CO)
        for (int ow = 0; ow < OW; ow++)
          conv_forward_pixel(x, w, bias, y, b, H, W, CI, OH, OW, CO, KH, KW, sh, sw, pt, pl, oh, ow, CO4, CO, relu);
    }
  }
#undef ARGS
}

/* ---------------------------------------------------------------------------
 * Padding first. A vector block whose runs reach into the zero padding takes
 * the slow branch above (one bounds-checked scalar load per value), and with
 * 'same' padding on small maps nearly every block does (7 columns: all of them).
 * So a padded conv copies each image into `scratch` with its zero border
 * (Hp x Wp, the rows and columns the windows cover), then convolves the copy
 * with no padding: every block takes the fast branch. One image at a time, so
 * the copy stays in cache; each thread is given its own scratch image.
 * A negative offset would crop (the stride-1 input gradient with explicit
 * padding wider than the window; simd-gradient-loops.ts never sends one).
 * ------------------------------------------------------------------------- */
static void pad_image(const float *restrict x, float *restrict xp, int H, int W, int C, int Hp, int Wp, int pt,
                      int pl) {
  __builtin_memset(xp, 0, (unsigned)(Hp * Wp * C) * sizeof(float));
  const int iw0 = max_int(0, -pl), iw1 = min_int(W, Wp - pl);
  if (iw1 <= iw0) return;
  for (int ih = max_int(0, -pt); ih < H && ih + pt < Hp; ih++)
    __builtin_memcpy(xp + ((ih + pt) * Wp + iw0 + pl) * C, x + (ih * W + iw0) * C, (unsigned)((iw1 - iw0) * C) * sizeof(float));
}

/*
 * conv2d_forward's result for any padding; scratch holds one image padded left and right only:
 * H * Wp * CI floats. Rows above and below are left out, not copied as zeros: the loop skips
 * taps on rows outside the image, so they cost nothing (the stride-1 input gradient of a
 * 5x5 'valid' layer pads dy by 4 rows each side: a third of its row taps).
 */
EXPORT("conv2d_forward_padded")
void conv2d_forward_padded(const float *restrict x, const float *restrict w, const float *restrict bias,
                           float *restrict y, float *restrict scratch, int B, int H, int W, int CI, int OH, int OW,
                           int CO, int KH, int KW, int sh, int sw, int pt, int pl, int relu) {
  const int Wp = (OW - 1) * sw + KW;
  for (int b = 0; b < B; b++) {
    pad_image(x + b * H * W * CI, scratch, H, W, CI, H, Wp, 0, pl);
    conv2d_forward(scratch, w, bias, y + b * OH * OW * CO, 1, H, Wp, CI, OH, OW, CO, KH, KW, sh, sw, pt, 0, relu);
  }
}

/*
 * Conv2DBackpropInput with stride 1 as a forward conv: dx[ih][iw][ci] = sum of
 * dy[ih + pt - kh][iw + pl - kw][co] * W[kh][kw][ci][co], which is dy, padded by
 * KH-1-pt above and KW-1-pl on the left, convolved with the filter turned
 * half a turn and with its channels swapped (flip_filter). The forward loop
 * keeps its sums in registers over every tap and channel and writes dx once,
 * where conv2d_input_grad adds short dot products into dx tap by tap.
 */
EXPORT("flip_filter")
void flip_filter(const float *restrict w, float *restrict flipped, int KH, int KW, int CI, int CO) {
  for (int kh = 0; kh < KH; kh++)
    for (int kw = 0; kw < KW; kw++) {
      const float *from = w + (kh * KW + kw) * CI * CO;
      float *to = flipped + ((KH - 1 - kh) * KW + (KW - 1 - kw)) * CO * CI;
      for (int ci = 0; ci < CI; ci++)
        for (int co = 0; co < CO; co++) to[co * CI + ci] = from[ci * CO + co];
    }
}

/* dx for stride 1 from dy and the flipped filter; scratch holds one padded dy image: (H-1+KH) * (W-1+KW) * CO floats. */
EXPORT("conv2d_input_grad_stride1")
void conv2d_input_grad_stride1(const float *restrict dy, const float *restrict flipped, float *restrict dx,
                               float *restrict scratch, int B, int H, int W, int CI, int OH, int OW, int CO, int KH,
                               int KW, int pt, int pl) {
  conv2d_forward_padded(dy, flipped, 0, dx, scratch, B, OH, OW, CO, H, W, CI, KH, KW, 1, 1, KH - 1 - pt, KW - 1 - pl, 0);
}

/* ---------------------------------------------------------------------------
 * Winograd F(2x2, 3x3) for 3x3 convolutions with stride 1 (forward, and the
 * stride-1 input gradient, which is a forward conv with the flipped filter):
 * each 2x2 block of outputs from a 4x4 patch of input in 16 products per
 * (ci, co) instead of 36 (Lavin & Gray, 2015). The filter is transformed once
 * per call, U = G g G^T, laid out [16][CI][CO]; per image, the image is padded
 * into scratch so that every tile's patch is inside it; per row of tiles, the
 * patches are transformed, V = B^T d B ([16][TW][CI]), multiplied, M[xi] =
 * V[xi] U[xi] ([16][TW][CO], sixteen small matrix products with register
 * blocks of tiles x output channels), and transformed back, Y = A^T M A, with
 * bias and ReLU. Float error is that of a few more additions (tests: 1e-4 of
 * the 'cpu' backend's). Needs CI % 4 == 0 and CO % 4 == 0.
 * ------------------------------------------------------------------------- */
EXPORT("winograd_filter_transform")
void winograd_filter_transform(const float *restrict w, float *restrict U, int CI, int CO) {
  const v128_t half = wasm_f32x4_splat(0.5f);
  for (int ci = 0; ci < CI; ci++) {
    for (int co = 0; co < CO; co += 4) {
      v128_t g[3][3], t[4][3];
      for (int kh = 0; kh < 3; kh++)
        for (int kw = 0; kw < 3; kw++) g[kh][kw] = wasm_v128_load(w + ((kh * 3 + kw) * CI + ci) * CO + co);
      for (int kw = 0; kw < 3; kw++) { /* t = G g */
        t[0][kw] = g[0][kw];
        t[1][kw] = wasm_f32x4_mul(half, wasm_f32x4_add(wasm_f32x4_add(g[0][kw], g[1][kw]), g[2][kw]));
        t[2][kw] = wasm_f32x4_mul(half, wasm_f32x4_add(wasm_f32x4_sub(g[0][kw], g[1][kw]), g[2][kw]));
        t[3][kw] = g[2][kw];
      }
      for (int r = 0; r < 4; r++) { /* U = t G^T */
        const v128_t u0 = t[r][0];
        const v128_t u1 = wasm_f32x4_mul(half, wasm_f32x4_add(wasm_f32x4_add(t[r][0], t[r][1]), t[r][2]));
        const v128_t u2 = wasm_f32x4_mul(half, wasm_f32x4_add(wasm_f32x4_sub(t[r][0], t[r][1]), t[r][2]));
        const v128_t u3 = t[r][2];
        wasm_v128_store(U + ((r * 4 + 0) * CI + ci) * CO + co, u0);
        wasm_v128_store(U + ((r * 4 + 1) * CI + ci) * CO + co, u1);
        wasm_v128_store(U + ((r * 4 + 2) * CI + ci) * CO + co, u2);
        wasm_v128_store(U + ((r * 4 + 3) * CI + ci) * CO + co, u3);
      }
    }
  }
}

/*
 * Floats from V[xi] (or M[xi], Q[xi]) to the next xi, for n floats each: n, or n + 16 where n is
 * within 8 floats of a multiple of 4 KB. At a 4 KB stride the sixteen rows a tile is written to
 * all fall in one set of the L1 cache, which holds 8 to 12 lines a set: they evict each other
 * (7 x 7 maps of 64 channels: 16 tiles x 64 = 1024 floats; batch-norm layer 3's input gradient,
 * grouped, took 2.5 ms a call on that stride and 1.3 ms off it).
 * work-split.ts sizes the scratch with the same rule (winogradStride).
 */
INLINE int winograd_stride(int n) {
  const int r = n % 1024;
  return r < 8 || r > 1016 ? n + 16 : n;
}

/*
 * V[xi][tw][ci..ci+3] for every tile of tile row th of the padded image xp (Wp columns);
 * `stride` floats from V[xi] to V[xi + 1] (winograd_stride of the floats each V[xi] holds).
 */
INLINE void winograd_input_row(const float *restrict xp, float *restrict V, int Wp, int CI, int TW, int th, int stride) {
  for (int tw = 0; tw < TW; tw++) {
    const float *patch = xp + ((2 * th) * Wp + 2 * tw) * CI;
    for (int ci = 0; ci < CI; ci += 4) {
      v128_t t[4][4];
      for (int c = 0; c < 4; c++) { /* t = B^T d, column by column */
        const v128_t d0 = wasm_v128_load(patch + (0 * Wp + c) * CI + ci);
        const v128_t d1 = wasm_v128_load(patch + (1 * Wp + c) * CI + ci);
        const v128_t d2 = wasm_v128_load(patch + (2 * Wp + c) * CI + ci);
        const v128_t d3 = wasm_v128_load(patch + (3 * Wp + c) * CI + ci);
        t[0][c] = wasm_f32x4_sub(d0, d2);
        t[1][c] = wasm_f32x4_add(d1, d2);
        t[2][c] = wasm_f32x4_sub(d2, d1);
        t[3][c] = wasm_f32x4_sub(d1, d3);
      }
      float *out = V + tw * CI + ci;
      for (int r = 0; r < 4; r++) { /* V = t B */
        wasm_v128_store(out + (r * 4 + 0) * stride, wasm_f32x4_sub(t[r][0], t[r][2]));
        wasm_v128_store(out + (r * 4 + 1) * stride, wasm_f32x4_add(t[r][1], t[r][2]));
        wasm_v128_store(out + (r * 4 + 2) * stride, wasm_f32x4_sub(t[r][2], t[r][1]));
        wasm_v128_store(out + (r * 4 + 3) * stride, wasm_f32x4_sub(t[r][1], t[r][3]));
      }
    }
  }
}

/* M[xi][tw0 .. tw0+NT][co0 .. co0+4*NV] = V[xi][tiles] U[xi][:, co0 ..]: sums in registers over CI. */
INLINE void winograd_product_block(const float *restrict Vx, const float *restrict Ux, float *restrict Mx, int CI, int CO,
                                   int tw0, int co0, const int NT, const int NV) {
  v128_t sum[4][2];
  _Pragma("clang loop unroll(full)")
  for (int t = 0; t < NT; t++)
    _Pragma("clang loop unroll(full)")
    for (int v = 0; v < NV; v++) sum[t][v] = wasm_f32x4_splat(0.0f);
  for (int ci = 0; ci < CI; ci++) {
    const float *u = Ux + ci * CO + co0;
    _Pragma("clang loop unroll(full)")
    for (int t = 0; t < NT; t++) {
      const v128_t vs = wasm_v128_load32_splat(Vx + (tw0 + t) * CI + ci);
      _Pragma("clang loop unroll(full)")
      for (int v = 0; v < NV; v++) sum[t][v] = MADD(vs, wasm_v128_load(u + 4 * v), sum[t][v]);
    }
  }
  _Pragma("clang loop unroll(full)")
  for (int t = 0; t < NT; t++)
    _Pragma("clang loop unroll(full)")
    for (int v = 0; v < NV; v++) wasm_v128_store(Mx + (tw0 + t) * CO + co0 + 4 * v, sum[t][v]);
}

/* TW tiles of V ([16][vs floats]) times U, into M ([16][ms floats]). */
INLINE void winograd_products(const float *restrict V, const float *restrict U, float *restrict M, int CI, int CO, int TW,
                              int vs, int ms) {
  for (int xi = 0; xi < 16; xi++) {
    const float *Vx = V + xi * vs, *Ux = U + xi * CI * CO;
    float *Mx = M + xi * ms;
    int tw0 = 0;
    for (; tw0 + 4 <= TW; tw0 += 4) {
      int co0 = 0;
      for (; co0 + 8 <= CO; co0 += 8) winograd_product_block(Vx, Ux, Mx, CI, CO, tw0, co0, 4, 2);
      if (co0 < CO) winograd_product_block(Vx, Ux, Mx, CI, CO, tw0, co0, 4, 1);
    }
    for (; tw0 + 2 <= TW; tw0 += 2) {
      int co0 = 0;
      for (; co0 + 8 <= CO; co0 += 8) winograd_product_block(Vx, Ux, Mx, CI, CO, tw0, co0, 2, 2);
      if (co0 < CO) winograd_product_block(Vx, Ux, Mx, CI, CO, tw0, co0, 2, 1);
    }
    if (tw0 < TW) {
      int co0 = 0;
      for (; co0 + 8 <= CO; co0 += 8) winograd_product_block(Vx, Ux, Mx, CI, CO, tw0, co0, 1, 2);
      if (co0 < CO) winograd_product_block(Vx, Ux, Mx, CI, CO, tw0, co0, 1, 1);
    }
  }
}

/* Y = A^T M A for every tile of row th, plus bias and ReLU, into y (the outputs inside OH x OW); `stride` floats from M[xi] to M[xi + 1]. */
INLINE void winograd_output_row(const float *restrict M, const float *restrict bias, float *restrict y, int OH, int OW,
                                int CO, int TW, int th, int relu, int stride) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int tw = 0; tw < TW; tw++) {
    const float *m = M + tw * CO;
    for (int co = 0; co < CO; co += 4) {
      v128_t s[2][4];
      for (int c = 0; c < 4; c++) { /* s = A^T m, column by column */
        const v128_t m0 = wasm_v128_load(m + (0 * 4 + c) * stride + co);
        const v128_t m1 = wasm_v128_load(m + (1 * 4 + c) * stride + co);
        const v128_t m2 = wasm_v128_load(m + (2 * 4 + c) * stride + co);
        const v128_t m3 = wasm_v128_load(m + (3 * 4 + c) * stride + co);
        s[0][c] = wasm_f32x4_add(wasm_f32x4_add(m0, m1), m2);
        s[1][c] = wasm_f32x4_sub(wasm_f32x4_sub(m1, m2), m3);
      }
      const v128_t b = bias ? wasm_v128_load(bias + co) : zero;
      for (int i = 0; i < 2; i++) {
        const int oh = 2 * th + i;
        if (oh >= OH) break;
        v128_t out0 = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(s[i][0], s[i][1]), s[i][2]), b);
        v128_t out1 = wasm_f32x4_add(wasm_f32x4_sub(wasm_f32x4_sub(s[i][1], s[i][2]), s[i][3]), b);
        if (relu) {
          out0 = wasm_f32x4_max(out0, zero);
          out1 = wasm_f32x4_max(out1, zero);
        }
        float *row = y + (oh * OW + 2 * tw) * CO + co;
        wasm_v128_store(row, out0);
        if (2 * tw + 1 < OW) wasm_v128_store(row + CO, out1);
      }
    }
  }
}

/*
 * R tile rows at a time (the caller chooses R, and sizes scratch for it: the padded image,
 * then V and M of R rows of tiles): the sixteen products then run over R * TW tiles, so each
 * U[xi] is read once per group of rows rather than once per row. With one row of a small map
 * (4 tiles on 7 x 7) a product block met each U[xi] once and U (16 x CI x CO: 128 KB for 32
 * to 64 channels) came from L2 again for every row.
 */
EXPORT("conv2d_forward_winograd")
void conv2d_forward_winograd(const float *restrict x, const float *restrict U, const float *restrict bias,
                             float *restrict y, float *restrict scratch, int B, int H, int W, int CI, int OH, int OW,
                             int CO, int pt, int pl, int relu, int R) {
  const int TH = (OH + 1) / 2, TW = (OW + 1) / 2;
  const int Hp = 2 * TH + 2, Wp = 2 * TW + 2;
  const int vs = winograd_stride(R * TW * CI), ms = winograd_stride(R * TW * CO);
  float *xp = scratch, *V = scratch + Hp * Wp * CI, *M = V + 16 * vs;
  for (int b = 0; b < B; b++) {
    pad_image(x + b * H * W * CI, xp, H, W, CI, Hp, Wp, pt, pl);
    float *yb = y + b * OH * OW * CO;
    for (int th0 = 0; th0 < TH; th0 += R) {
      const int rows = min_int(R, TH - th0);
      for (int r = 0; r < rows; r++) winograd_input_row(xp, V + r * TW * CI, Wp, CI, TW, th0 + r, vs);
      winograd_products(V, U, M, CI, CO, rows * TW, vs, ms);
      for (int r = 0; r < rows; r++) winograd_output_row(M + r * TW * CO, bias, yb, OH, OW, CO, TW, th0 + r, relu, ms);
    }
  }
}

/*
 * The filter gradient the Winograd way: with V = B^T d B of each input tile and
 * Q = A dY A^T of the 2x2 block of dy it produced, dL/dU = the sum over tiles of
 * V * Q (elementwise), and dW = G^T (dL/dU) G. So per image: every tile's V
 * ([16][T][CI]) and Q ([16][T][CO]), then S[xi] += V[xi]^T Q[xi], sixteen
 * products of CI x T by T x CO with the sums over tiles in registers. 16 products
 * per tile and channel pair instead of 36. winograd_filter_grad writes this
 * call's S ([16][CI][CO], zeroed first); winograd_filter_grad_finish turns a
 * (summed) S into dW [3][3][CI][CO]. scratch: the padded image, V and Q of one image.
 */
INLINE void winograd_gradient_tiles(const float *restrict dy, float *restrict Q, int OH, int OW, int CO, int TH, int TW,
                                    int stride) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int th = 0; th < TH; th++) {
    for (int tw = 0; tw < TW; tw++) {
      const int oh = 2 * th, ow = 2 * tw;
      const int right = ow + 1 < OW, below = oh + 1 < OH;
      float *out = Q + (th * TW + tw) * CO;
      for (int co = 0; co < CO; co += 4) {
        const v128_t y00 = wasm_v128_load(dy + (oh * OW + ow) * CO + co);
        const v128_t y01 = right ? wasm_v128_load(dy + (oh * OW + ow + 1) * CO + co) : zero;
        const v128_t y10 = below ? wasm_v128_load(dy + ((oh + 1) * OW + ow) * CO + co) : zero;
        const v128_t y11 = right && below ? wasm_v128_load(dy + ((oh + 1) * OW + ow + 1) * CO + co) : zero;
        /* P = A dy (4x2), then Q = P A^T (4x4); A = [1 0; 1 1; 1 -1; 0 -1]. */
#define Q_ROW(r, a, b)                                                              \
  do {                                                                              \
    const v128_t qa = (a), qb = (b);                                                \
    wasm_v128_store(out + ((r) * 4 + 0) * stride + co, qa);                         \
    wasm_v128_store(out + ((r) * 4 + 1) * stride + co, wasm_f32x4_add(qa, qb));     \
    wasm_v128_store(out + ((r) * 4 + 2) * stride + co, wasm_f32x4_sub(qa, qb));     \
    wasm_v128_store(out + ((r) * 4 + 3) * stride + co, wasm_f32x4_neg(qb));         \
  } while (0)
        Q_ROW(0, y00, y01);
        Q_ROW(1, wasm_f32x4_add(y00, y10), wasm_f32x4_add(y01, y11));
        Q_ROW(2, wasm_f32x4_sub(y00, y10), wasm_f32x4_sub(y01, y11));
        Q_ROW(3, wasm_f32x4_neg(y10), wasm_f32x4_neg(y11));
#undef Q_ROW
      }
    }
  }
}

/* S[xi][ci0..ci0+4][co0..co0+4*NV] += the sum over tiles t of V[xi][t][ci] Q[xi][t][co]. */
INLINE void winograd_gradient_block(const float *restrict Vx, const float *restrict Qx, float *restrict Sx, int CI,
                                    int CO, int T, int ci0, int co0, const int NV) {
  v128_t sum[4][2];
  _Pragma("clang loop unroll(full)")
  for (int k = 0; k < 4; k++)
    _Pragma("clang loop unroll(full)")
    for (int v = 0; v < NV; v++) sum[k][v] = wasm_f32x4_splat(0.0f);
  for (int t = 0; t < T; t++) {
    const float *q = Qx + t * CO + co0;
    _Pragma("clang loop unroll(full)")
    for (int k = 0; k < 4; k++) {
      const v128_t vs = wasm_v128_load32_splat(Vx + t * CI + ci0 + k);
      _Pragma("clang loop unroll(full)")
      for (int v = 0; v < NV; v++) sum[k][v] = MADD(vs, wasm_v128_load(q + 4 * v), sum[k][v]);
    }
  }
  _Pragma("clang loop unroll(full)")
  for (int k = 0; k < 4; k++)
    _Pragma("clang loop unroll(full)")
    for (int v = 0; v < NV; v++) {
      float *at = Sx + (ci0 + k) * CO + co0 + 4 * v;
      wasm_v128_store(at, wasm_f32x4_add(wasm_v128_load(at), sum[k][v]));
    }
}

EXPORT("winograd_filter_grad")
void winograd_filter_grad(const float *restrict x, const float *restrict dy, float *restrict S, float *restrict scratch,
                          int B, int H, int W, int CI, int OH, int OW, int CO, int pt, int pl) {
  const int TH = (OH + 1) / 2, TW = (OW + 1) / 2, T = TH * TW;
  const int Hp = 2 * TH + 2, Wp = 2 * TW + 2;
  const int vs = winograd_stride(T * CI), qs = winograd_stride(T * CO);
  float *xp = scratch, *V = scratch + Hp * Wp * CI, *Q = V + 16 * vs;
  __builtin_memset(S, 0, (unsigned)(16 * CI * CO) * sizeof(float));
  for (int b = 0; b < B; b++) {
    pad_image(x + b * H * W * CI, xp, H, W, CI, Hp, Wp, pt, pl);
    for (int th = 0; th < TH; th++) winograd_input_row(xp, V + th * TW * CI, Wp, CI, TW, th, vs);
    winograd_gradient_tiles(dy + b * OH * OW * CO, Q, OH, OW, CO, TH, TW, qs);
    for (int xi = 0; xi < 16; xi++) {
      const float *Vx = V + xi * vs, *Qx = Q + xi * qs;
      float *Sx = S + xi * CI * CO;
      for (int ci0 = 0; ci0 < CI; ci0 += 4) {
        int co0 = 0;
        for (; co0 + 8 <= CO; co0 += 8) winograd_gradient_block(Vx, Qx, Sx, CI, CO, T, ci0, co0, 2);
        if (co0 < CO) winograd_gradient_block(Vx, Qx, Sx, CI, CO, T, ci0, co0, 1);
      }
    }
  }
}

/* dW = G^T S G per (ci, co): G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1]. */
EXPORT("winograd_filter_grad_finish")
void winograd_filter_grad_finish(const float *restrict S, float *restrict dw, int CI, int CO) {
  const v128_t half = wasm_f32x4_splat(0.5f);
  for (int ci = 0; ci < CI; ci++) {
    for (int co = 0; co < CO; co += 4) {
      v128_t s[16], t[3][4];
      _Pragma("clang loop unroll(full)")
      for (int xi = 0; xi < 16; xi++) s[xi] = wasm_v128_load(S + (xi * CI + ci) * CO + co);
      _Pragma("clang loop unroll(full)")
      for (int c = 0; c < 4; c++) { /* t = G^T s */
        const v128_t mid = wasm_f32x4_mul(half, wasm_f32x4_add(s[4 + c], s[8 + c]));
        t[0][c] = wasm_f32x4_add(s[c], mid);
        t[1][c] = wasm_f32x4_mul(half, wasm_f32x4_sub(s[4 + c], s[8 + c]));
        t[2][c] = wasm_f32x4_add(mid, s[12 + c]);
      }
      _Pragma("clang loop unroll(full)")
      for (int k = 0; k < 3; k++) { /* dW[k] = t[k] G */
        const v128_t mid = wasm_f32x4_mul(half, wasm_f32x4_add(t[k][1], t[k][2]));
        wasm_v128_store(dw + ((k * 3 + 0) * CI + ci) * CO + co, wasm_f32x4_add(t[k][0], mid));
        wasm_v128_store(dw + ((k * 3 + 1) * CI + ci) * CO + co, wasm_f32x4_mul(half, wasm_f32x4_sub(t[k][1], t[k][2])));
        wasm_v128_store(dw + ((k * 3 + 2) * CI + ci) * CO + co, wasm_f32x4_add(mid, t[k][3]));
      }
    }
  }
}

/* ---------------------------------------------------------------------------
 * One Adam step of one variable, as TF.js's AdamOptimizer computes it, in one
 * pass instead of about fifteen ops: m' = m*b1 + g*(1 - b1), v' = v*b2 + g*g*(1 - b2),
 * w' = w + (m'/c1) / (sqrt(v'/c2) + eps) * -lr, where c1 = 1 - b1^t and c2 = 1 - b2^t.
 * ------------------------------------------------------------------------- */
EXPORT("adam_update")
void adam_update(const float *restrict g, const float *restrict m, const float *restrict v, const float *restrict w,
                 float *restrict m2, float *restrict v2, float *restrict w2, int n, float b1, float b2, float lr,
                 float eps, float c1, float c2) {
  const float ob1 = 1.0f - b1, ob2 = 1.0f - b2, nlr = -lr;
  const v128_t vb1 = wasm_f32x4_splat(b1), vb2 = wasm_f32x4_splat(b2), vob1 = wasm_f32x4_splat(ob1),
               vob2 = wasm_f32x4_splat(ob2), vnlr = wasm_f32x4_splat(nlr), veps = wasm_f32x4_splat(eps),
               vc1 = wasm_f32x4_splat(c1), vc2 = wasm_f32x4_splat(c2);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t gv = wasm_v128_load(g + i);
    const v128_t mv = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), vb1), wasm_f32x4_mul(gv, vob1));
    const v128_t vv = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), vb2), wasm_f32x4_mul(wasm_f32x4_mul(gv, gv), vob2));
    wasm_v128_store(m2 + i, mv);
    wasm_v128_store(v2 + i, vv);
    const v128_t step = wasm_f32x4_div(wasm_f32x4_div(mv, vc1), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(vv, vc2)), veps));
    wasm_v128_store(w2 + i, wasm_f32x4_add(wasm_f32x4_mul(step, vnlr), wasm_v128_load(w + i)));
  }
  for (; i < n; i++) {
    const float mi = m[i] * b1 + g[i] * ob1;
    const float vi = v[i] * b2 + (g[i] * g[i]) * ob2;
    m2[i] = mi;
    v2[i] = vi;
    w2[i] = (mi / c1) / (__builtin_sqrtf(vi / c2) + eps) * nlr + w[i];
  }
}
