package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasActivations;
import dev.engram.io.keras.internal.KerasInitializers;
import dev.engram.io.keras.internal.KerasWeightRules;
import dev.engram.layers.EinsumDenseConfig;
import dev.engram.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code EinsumDense} (tf-keras 2.x and Keras 3; not in TF.js 4.22, whose writer refuses it): {@code equation},
 * {@code output_shape} (an integer or a list with nulls where the input decides), {@code bias_axes},
 * activation, and each weight's initializer, regularizer and constraint ({@code activity_regularizer}: see
 * {@link ActivityRegularizerKeys}). Refused: Keras 3 LoRA ({@code lora_rank}); an equation outside Keras's three
 * forms or with a kernel label of its own is refused by the engine config with the equation named.
 *
 * <p>Engram adds the bias with numpy broadcasting, as Keras's code says ({@code ops.add(x, bias)}) and as tf-keras,
 * Keras 3 on JAX/torch and ONNX Runtime compute it. Keras 3.10 on its TensorFlow backend turns an add whose second
 * operand squeezes to a vector into {@code bias_add} along the LAST axis whenever the vector's length equals it
 * (else along axis 1), so a bias over another axis of that same length is added along the wrong axis there; the
 * generator's fixtures keep the lengths apart.
 */
final class EinsumDenseCodec extends AbstractKerasLayerCodec<EinsumDenseConfig> {
    EinsumDenseCodec() {
        super(EinsumDenseConfig.class, "EinsumDense");
    }

    @Override
    public EinsumDenseConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        String name = ctx.name();
        ConfigKeys.refuse(c, name, "EinsumDense", "lora_rank", "Engram has no LoRA");
        ConfigNode shape = c.get("output_shape");
        List<Integer> dims = new ArrayList<>();
        for (ConfigNode e : shape.json().isArray() ? shape.elements() : List.of(shape)) {
            if (e.json().isNull()) {
                dims.add(Shape.UNKNOWN);
            } else {
                dims.add(e.asInt(1));
            }
        }
        ConfigNode bias = c.get("bias_axes");
        String equation = c.get("equation").asString();
        try {
            return new EinsumDenseConfig(equation, dims, bias.isNullOrMissing() ? null : bias.asString(),
                    KerasActivations.fromName(c.get("activation"), d),
                    KerasInitializers.read(c.get("kernel_initializer"), d),
                    KerasInitializers.read(c.get("bias_initializer"), d),
                    KerasWeightRules.regularizer(c.get("kernel_regularizer"), d),
                    KerasWeightRules.regularizer(c.get("bias_regularizer"), d),
                    KerasWeightRules.constraint(c.get("kernel_constraint"), d),
                    KerasWeightRules.constraint(c.get("bias_constraint"), d), name, ctx.inputShape());
        } catch (IllegalArgumentException e) {
            throw new UnsupportedLayerException(c.file(), c.get("equation").pointer(), name, "EinsumDense",
                    "layer '" + name + "' (EinsumDense): " + e.getMessage());
        }
    }

    @Override
    public boolean writes(EinsumDenseConfig config, KerasDialect d) {
        return d == KerasDialect.KERAS_2 || d == KerasDialect.KERAS_3;
    }

    @Override
    public ObjectNode write(EinsumDenseConfig e, KerasWriteContext ctx) throws ModelFormatException {
        KerasDialect d = ctx.dialect();
        if (!writes(e, d)) {
            throw ctx.at("equation").error("layer '" + ctx.name() + "' (EinsumDense) has no " + d
                    + " form: TF.js 4.22 has no EinsumDense layer; save it as Keras h5 or .keras");
        }
        ObjectNode c = ctx.header();
        ArrayNode shape = c.putArray("output_shape");
        for (int dim : e.outputShape()) {
            if (dim == Shape.UNKNOWN) {
                shape.addNull();
            } else {
                shape.add(dim);
            }
        }
        c.put("equation", e.equation());
        ConvKeys.writeKernelAndBias(c, e, d, ctx);
        c.remove("use_bias"); // EinsumDense says it with bias_axes
        if (e.biasAxes() == null) {
            c.putNull("bias_axes");
        } else {
            c.put("bias_axes", e.biasAxes());
        }
        return c;
    }

    @Override
    public List<String> weightNames(EinsumDenseConfig config) {
        return config.useBias() ? List.of("kernel", "bias") : List.of("kernel");
    }
}
