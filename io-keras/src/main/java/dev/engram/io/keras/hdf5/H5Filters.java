package dev.engram.io.keras.hdf5;

import io.jhdf.filter.Filter;
import io.jhdf.filter.FilterManager;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * HDF5 decoding filters that replace jhdf's own for untrusted files: deflate (id 1) that stops at a
 * size cap instead of inflating a bomb into memory, and Fletcher32 (id 3) that verifies the stored
 * checksum (jhdf 0.10 only logs that it does not) and strips it. jhdf decodes chunks on a parallel
 * stream, so the cap is process-wide: the largest decompressed-bytes limit of the readers opened so
 * far ({@link #allow}); each dataset's own size is checked against its reader's limit beforehand.
 */
final class H5Filters {
    private static volatile long chunkCap = -1;

    private H5Filters() {
    }

    /** Installs the filters (once) and makes sure chunks up to {@code bytes} inflate. */
    static synchronized void allow(long bytes) {
        if (chunkCap < 0) {
            FilterManager.addFilter(new BoundedDeflate());
            FilterManager.addFilter(new VerifiedFletcher32());
        }
        chunkCap = Math.max(chunkCap, bytes);
    }

    /** A chunk that fails a filter: its message is shown as the reason the dataset is refused. */
    static final class ChunkRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ChunkRefused(String message) {
            super(message, null, false, false);
        }
    }

    /** Deflate (zlib) with an output cap. */
    static final class BoundedDeflate implements Filter {
        @Override
        public int getId() {
            return 1;
        }

        @Override
        public String getName() {
            return "deflate";
        }

        @Override
        public byte[] decode(byte[] encoded, int[] filterData) {
            long cap = chunkCap;
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(encoded);
                ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(cap, encoded.length * 3L + 64));
                byte[] buffer = new byte[8192];
                while (!inflater.finished()) {
                    int n = inflater.inflate(buffer);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw new ChunkRefused("a deflate-compressed chunk ends early (truncated or corrupt)");
                    }
                    if (out.size() + (long) n > cap) {
                        throw new ChunkRefused("a deflate-compressed chunk inflates to more than the limit of " + cap
                                + " bytes (raise it with --max-decompressed-bytes)");
                    }
                    out.write(buffer, 0, n);
                }
                return out.toByteArray();
            } catch (DataFormatException e) {
                throw new ChunkRefused("a deflate-compressed chunk is corrupt: " + e.getMessage());
            } finally {
                inflater.end();
            }
        }
    }

    /** Fletcher32 as HDF5 computes it: verifies the 4-byte checksum at the chunk's end and strips it. */
    static final class VerifiedFletcher32 implements Filter {
        @Override
        public int getId() {
            return 3;
        }

        @Override
        public String getName() {
            return "fletcher32";
        }

        @Override
        public byte[] decode(byte[] encoded, int[] filterData) {
            if (encoded.length < 4) {
                throw new ChunkRefused("a Fletcher32-checked chunk is shorter than its 4-byte checksum");
            }
            int n = encoded.length - 4;
            int stored = (encoded[n] & 0xff) | (encoded[n + 1] & 0xff) << 8 | (encoded[n + 2] & 0xff) << 16
                    | (encoded[n + 3] & 0xff) << 24;
            int sum = fletcher32(encoded, n);
            // HDF5 before 1.6.3 stored the checksum with the bytes of each half swapped; HDF5 accepts both.
            int swapped = ((sum & 0x00ff00ff) << 8) | ((sum >>> 8) & 0x00ff00ff);
            if (stored != sum && stored != swapped) {
                throw new ChunkRefused(String.format("Fletcher32 checksum mismatch: stored %08x, computed %08x"
                        + " (the data is corrupt)", stored, sum));
            }
            return java.util.Arrays.copyOf(encoded, n);
        }

        /** HDF5's H5_checksum_fletcher32: 16-bit big-endian words, sums folded every 360 words. */
        static int fletcher32(byte[] data, int length) {
            long sum1 = 0;
            long sum2 = 0;
            int words = length / 2;
            int i = 0;
            while (words > 0) {
                int block = Math.min(words, 360);
                words -= block;
                for (int k = 0; k < block; k++, i += 2) {
                    sum1 += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
                    sum2 += sum1;
                }
                sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
                sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
            }
            if (length % 2 != 0) {
                sum1 += (data[i] & 0xff) << 8;
                sum2 += sum1;
                sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
                sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
            }
            sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
            sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
            return (int) ((sum2 << 16) | sum1);
        }
    }
}
