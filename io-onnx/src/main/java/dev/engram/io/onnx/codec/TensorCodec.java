package dev.engram.io.onnx.codec;

import com.google.protobuf.ByteString;
import dev.engram.io.onnx.OnnxFormatException;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts between {@link TensorProto} and {@link Value}. Decoding checks the declared dims against
 * the bytes actually present before allocating anything, and rejects external data.
 */
public final class TensorCodec {
    private TensorCodec() {
    }

    /**
     * Decodes a tensor. {@code where} names it in errors (e.g. {@code "model.onnx: initializer 'W'"}).
     */
    public static Value decode(TensorProto t, String where) throws OnnxFormatException {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new UnsupportedOnnxException(where + ": tensor data is stored in an external file ("
                    + t.getExternalDataList().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()
                    + "); load the model from its file (OnnxModel.load(Path)) so that the data beside it can be read");
        }
        if (t.hasSegment()) {
            throw new UnsupportedOnnxException(where + ": segmented tensors are not supported");
        }
        int[] shape = new int[t.getDimsCount()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > Shapes.maxElements()) {
                throw new OnnxFormatException(where + ": dims[" + i + "] = " + d + ", expected 0.." + Shapes.maxElements());
            }
            shape[i] = (int) d;
            n *= d;
            if (n > Shapes.maxElements()) {
                throw new OnnxFormatException(where + ": dims " + t.getDimsList() + " declare more than "
                        + Shapes.maxElements() + " elements");
            }
        }
        int count = (int) n;
        int type = t.getDataType();
        boolean raw = !t.getRawData().isEmpty() || count == 0 && typedCount(t, type) == 0;
        int width = width(type, where);
        if (raw) {
            long have = t.getRawData().size();
            if (have != (long) count * width) {
                throw new OnnxFormatException(where + ": raw_data holds " + have + " bytes but dims "
                        + t.getDimsList() + " of " + DataType.forNumber(type) + " need " + (long) count * width);
            }
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            return switch (type) {
                case TensorProto.DataType.FLOAT_VALUE -> {
                    float[] d = new float[count];
                    b.asFloatBuffer().get(d);
                    yield Value.ofFloats(shape, d);
                }
                case TensorProto.DataType.DOUBLE_VALUE -> {
                    float[] d = new float[count];
                    for (int i = 0; i < count; i++) {
                        d[i] = (float) b.getDouble(i * 8);
                    }
                    yield Value.ofFloats(shape, d);
                }
                case TensorProto.DataType.FLOAT16_VALUE -> {
                    float[] d = new float[count];
                    for (int i = 0; i < count; i++) {
                        d[i] = Half.toFloat(b.getShort(i * 2));
                    }
                    yield Value.ofFloats(shape, d);
                }
                default -> {
                    long[] d = new long[count];
                    for (int i = 0; i < count; i++) {
                        d[i] = switch (type) {
                            case TensorProto.DataType.INT64_VALUE, TensorProto.DataType.UINT64_VALUE -> b.getLong(i * 8);
                            case TensorProto.DataType.INT32_VALUE -> b.getInt(i * 4);
                            case TensorProto.DataType.UINT32_VALUE -> b.getInt(i * 4) & 0xffffffffL;
                            case TensorProto.DataType.INT16_VALUE -> b.getShort(i * 2);
                            case TensorProto.DataType.UINT16_VALUE -> b.getShort(i * 2) & 0xffff;
                            case TensorProto.DataType.INT8_VALUE -> b.get(i);
                            default -> b.get(i) & 0xff; // UINT8, BOOL
                        };
                    }
                    yield Value.ofLongs(shape, d);
                }
            };
        }
        int have = typedCount(t, type);
        if (have != count) {
            throw new OnnxFormatException(where + ": holds " + have + " typed values but dims "
                    + t.getDimsList() + " need " + count);
        }
        switch (type) {
            case TensorProto.DataType.FLOAT_VALUE -> {
                float[] d = new float[count];
                for (int i = 0; i < count; i++) {
                    d[i] = t.getFloatData(i);
                }
                return Value.ofFloats(shape, d);
            }
            case TensorProto.DataType.DOUBLE_VALUE -> {
                float[] d = new float[count];
                for (int i = 0; i < count; i++) {
                    d[i] = (float) t.getDoubleData(i);
                }
                return Value.ofFloats(shape, d);
            }
            case TensorProto.DataType.FLOAT16_VALUE -> {
                float[] d = new float[count];
                for (int i = 0; i < count; i++) {
                    d[i] = Half.toFloat((short) t.getInt32Data(i));
                }
                return Value.ofFloats(shape, d);
            }
            case TensorProto.DataType.INT64_VALUE -> {
                long[] d = new long[count];
                for (int i = 0; i < count; i++) {
                    d[i] = t.getInt64Data(i);
                }
                return Value.ofLongs(shape, d);
            }
            case TensorProto.DataType.UINT32_VALUE, TensorProto.DataType.UINT64_VALUE -> {
                long[] d = new long[count];
                for (int i = 0; i < count; i++) {
                    d[i] = t.getUint64Data(i);
                }
                return Value.ofLongs(shape, d);
            }
            default -> {
                long[] d = new long[count];
                for (int i = 0; i < count; i++) {
                    d[i] = t.getInt32Data(i);
                }
                return Value.ofLongs(shape, d);
            }
        }
    }

    private static int typedCount(TensorProto t, int type) {
        return switch (type) {
            case TensorProto.DataType.FLOAT_VALUE -> t.getFloatDataCount();
            case TensorProto.DataType.DOUBLE_VALUE -> t.getDoubleDataCount();
            case TensorProto.DataType.INT64_VALUE -> t.getInt64DataCount();
            case TensorProto.DataType.UINT32_VALUE, TensorProto.DataType.UINT64_VALUE -> t.getUint64DataCount();
            default -> t.getInt32DataCount();
        };
    }

    static int width(int type, String where) throws UnsupportedOnnxException {
        return switch (type) {
            case TensorProto.DataType.FLOAT_VALUE, TensorProto.DataType.INT32_VALUE,
                    TensorProto.DataType.UINT32_VALUE -> 4;
            case TensorProto.DataType.DOUBLE_VALUE, TensorProto.DataType.INT64_VALUE,
                    TensorProto.DataType.UINT64_VALUE -> 8;
            case TensorProto.DataType.FLOAT16_VALUE, TensorProto.DataType.INT16_VALUE,
                    TensorProto.DataType.UINT16_VALUE -> 2;
            case TensorProto.DataType.INT8_VALUE, TensorProto.DataType.UINT8_VALUE,
                    TensorProto.DataType.BOOL_VALUE -> 1;
            default -> throw new UnsupportedOnnxException(where + ": data_type " + type + " ("
                    + DataType.forNumber(type) + ") is not supported; supported: FLOAT, DOUBLE, FLOAT16, "
                    + "INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64, BOOL");
        };
    }

    /** A float32 tensor with little-endian raw_data. */
    public static TensorProto floats(String name, int[] shape, float[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(b.array()));
        for (int d : shape) {
            t.addDims(d);
        }
        return t.build();
    }

    /** An int64 tensor with little-endian raw_data. */
    public static TensorProto longs(String name, int[] shape, long[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(data);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .setRawData(ByteString.copyFrom(b.array()));
        for (int d : shape) {
            t.addDims(d);
        }
        return t.build();
    }
}
