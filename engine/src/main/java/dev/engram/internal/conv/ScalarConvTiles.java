package dev.engram.internal.conv;

/** The plain-Java {@link ConvTiles}: no padding, the products as loops. */
final class ScalarConvTiles implements ConvTiles {
    @Override
    public int paddedWidth(int filters) {
        return filters;
    }

    @Override
    public void forward(int row0, int rows, int k, float[] a, int base, int[] starts, int[] off, float[] w, int fp,
            float[] bias, float[] z, int zOff, int ldz) {
        for (int r = row0; r < row0 + rows; r++) {
            int zr = zOff + (r - row0) * ldz;
            for (int f = 0; f < fp; f++) {
                z[zr + f] = 0f;
            }
            for (int q = 0; q < k; q++) {
                float c = a[base + starts[r] + off[q]];
                int wq = q * fp;
                for (int f = 0; f < fp; f++) {
                    z[zr + f] += c * w[wq + f];
                }
            }
            for (int f = 0; f < fp; f++) {
                z[zr + f] += bias[f];
            }
        }
    }

    @Override
    public void kernelGrad(int rows, int k, float[] a, int base, int[] starts, int[] off, float[] dz, int dzOff, int fp,
            float[] dw) {
        for (int r = 0; r < rows; r++) {
            int dr = dzOff + r * fp;
            for (int q = 0; q < k; q++) {
                float c = a[base + starts[r] + off[q]];
                int wq = q * fp;
                for (int f = 0; f < fp; f++) {
                    dw[wq + f] += c * dz[dr + f];
                }
            }
        }
    }

    @Override
    public void biasGrad(int rows, float[] dz, int dzOff, int fp, float[] db, int dbOff) {
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < fp; f++) {
                db[dbOff + f] += dz[dzOff + r * fp + f];
            }
        }
    }

    @Override
    public void columnGrad(int rows, int k, float[] dz, int dzOff, int ldz, int filters, float[] wT, float[] dCol) {
        for (int r = 0; r < rows; r++) {
            int cr = r * k;
            for (int q = 0; q < k; q++) {
                dCol[cr + q] = 0f;
            }
            for (int f = 0; f < filters; f++) {
                float d = dz[dzOff + r * ldz + f];
                int wf = f * k;
                for (int q = 0; q < k; q++) {
                    dCol[cr + q] += d * wT[wf + q];
                }
            }
        }
    }

    @Override
    public void addColumns(int rows, int k, float[] dCol, int[] starts, int[] off, int[] runs, float[] dx, int base) {
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < k; q++) {
                dx[base + starts[r] + off[q]] += dCol[r * k + q];
            }
        }
    }
}
