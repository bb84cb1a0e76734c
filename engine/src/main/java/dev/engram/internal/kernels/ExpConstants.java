package dev.engram.internal.kernels;

/**
 * The constants of the engine's float exp (Cephes expf): range reduction by ln 2 split in two parts, rounding to
 * an integer by a magic addend, and the minimax polynomial of {@code (e^r - 1 - r) / r^2}. One definition for
 * every vector kernel that inlines its own exp ({@link VectorMath}, the attention softmax); compile-time
 * constants, so the kernels' code is the same as with local copies.
 */
public final class ExpConstants {
    /** log2(e). */
    public static final float LOG2E = 1.44269504088896341f;
    /** High part of ln 2: {@code n * LN2_HI} is exact for |n| &lt; 2^9. */
    public static final float LN2_HI = 0.693359375f;
    /** Low part of ln 2. */
    public static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer in the low bits. */
    public static final float ROUND_MAGIC = 12582912f;
    /** The bits of {@link #ROUND_MAGIC}. */
    public static final int ROUND_MAGIC_BITS = 0x4B400000;
    /** Polynomial coefficient of r^5 (highest degree first, down to {@link #E0}). */
    public static final float E5 = 1.9875691500e-4f;
    /** Coefficient of r^4. */
    public static final float E4 = 1.3981999507e-3f;
    /** Coefficient of r^3. */
    public static final float E3 = 8.3334519073e-3f;
    /** Coefficient of r^2. */
    public static final float E2 = 4.1665795894e-2f;
    /** Coefficient of r. */
    public static final float E1 = 1.6666665459e-1f;
    /** Constant coefficient. */
    public static final float E0 = 5.0000001201e-1f;

    private ExpConstants() {
    }
}
