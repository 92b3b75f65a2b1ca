/**
 * Which build of the SIMD gradient module to run: the relaxed-SIMD one (a fused
 * multiply-add in the conv loops) where this engine validates it, else plain SIMD.
 * The feature test is the module itself: WebAssembly.validate says whether every
 * instruction in it is known here. Both builds compute the same sums (the fused
 * one rounds once per product instead of twice); the tests run both against 'cpu'.
 */
export interface KernelBuildChoice {
  /** false: the plain-SIMD build even where relaxed SIMD is there (tests, comparisons). */
  relaxed?: boolean;
}

export async function preferRelaxed<T extends BufferSource>(choice: KernelBuildChoice, relaxed: () => Promise<T>, plain: () => Promise<T>): Promise<T> {
  if (choice.relaxed !== false) {
    try {
      const bytes = await relaxed();
      if (WebAssembly.validate(bytes)) return bytes;
    } catch {
      // A missing or unreadable relaxed build: the plain one still trains.
    }
  }
  return plain();
}
