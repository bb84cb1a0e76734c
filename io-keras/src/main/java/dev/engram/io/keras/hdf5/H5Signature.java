package dev.engram.io.keras.hdf5;

import dev.engram.io.keras.ModelFormatException;
import io.jhdf.Superblock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Recognising an HDF5 file before jhdf reads it: the 8-byte signature, found at offset 0 or after a
 * user block (512, 1024, 2048, ... up to 1 MiB), and the superblock's end-of-file address, which must
 * not lie past the file's end (a truncated file is refused, as libhdf5 refuses it). A zip archive (a
 * {@code .keras} file) is never taken for HDF5: its stored {@code model.weights.h5} entry can begin exactly at
 * one of the user-block offsets, which put the signature there (seen in a Keras-made file whose config made the
 * entry's data start at byte 2048).
 */
final class H5Signature {
    /** The 8-byte HDF5 signature. */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** A zip archive's local-file-header magic, {@code PK\3\4}. */
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    /** The last user-block offset probed. */
    private static final long MAX_USER_BLOCK = 1L << 20;

    private H5Signature() {
    }

    /** Where the HDF5 signature is in {@code bytes} (0, 512, 1024, ...), or -1. */
    static long offset(byte[] bytes) {
        if (bytes.length >= 4 && Arrays.equals(bytes, 0, 4, ZIP_MAGIC, 0, 4)) {
            return -1;
        }
        for (long probe = 0; probe + 8 <= bytes.length && probe <= MAX_USER_BLOCK; probe = next(probe)) {
            if (Arrays.equals(bytes, (int) probe, (int) probe + 8, SIGNATURE, 0, 8)) {
                return probe;
            }
        }
        return -1;
    }

    /** Where the HDF5 signature is in a file of {@code size} bytes (0, 512, 1024, ...), or -1. */
    static long offset(Path file, long size) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = new byte[8];
            if (in.readNBytes(head, 0, 8) < 8 || Arrays.equals(head, 0, 4, ZIP_MAGIC, 0, 4)) {
                return -1;
            }
            if (Arrays.equals(head, SIGNATURE)) {
                return 0;
            }
            long offset = 8;
            for (long probe = next(0); probe + 8 <= size && probe <= MAX_USER_BLOCK; probe = next(probe)) {
                in.skipNBytes(probe - offset);
                if (in.readNBytes(head, 0, 8) < 8) {
                    return -1;
                }
                offset = probe + 8;
                if (Arrays.equals(head, SIGNATURE)) {
                    return probe;
                }
            }
            return -1;
        }
    }

    private static long next(long probe) {
        return probe == 0 ? 512 : probe * 2;
    }

    /** The superblock's end-of-file address must not lie past the file's end. */
    static void checkEndOfFile(String displayName, Supplier<Superblock> read, long size)
            throws ModelFormatException {
        Superblock sb;
        try {
            sb = read.get();
        } catch (RuntimeException e) {
            throw new ModelFormatException(displayName, "/", "unreadable HDF5 superblock", e);
        }
        long base = Math.max(0, sb.getBaseAddressByte());
        long eof = sb.getEndOfFileAddress();
        if (eof < 0 || base + eof > size) {
            throw new ModelFormatException(displayName, "/", "truncated HDF5 file: the superblock says the data ends at"
                    + " byte " + (eof < 0 ? Long.toUnsignedString(eof) : String.valueOf(base + eof)) + " but the file has "
                    + size + " bytes");
        }
    }
}
